package dev.baton.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Faults of the dispatch path injected on the real broker while the orchestrator and a worker run:
 * a task queue deleted (with and without dispatches in it, of a limited type), a dispatch the
 * worker cannot decode, and a task queue whose declaration the broker refuses. Each test works on
 * task types of its own, so the shared orchestrator's other work goes on.
 */
class DispatchFaultsIT extends OrchestratorIT {

  private final List<BatonWorker> workers = new ArrayList<>();
  private Connection broker;

  @BeforeEach
  void connect() throws Exception {
    Assumptions.assumeTrue(TestBroker.isRabbitMq(), "queue deletion semantics of RabbitMQ");
    broker = TestBroker.connectionFactory().newConnection("dispatch-faults-it");
  }

  @AfterEach
  void stop() throws Exception {
    workers.forEach(w -> w.stop(Duration.ofSeconds(2)));
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void newTasksOfATypeWhoseQueueWasDeletedStillComplete() throws Exception {
    var type = "fault-qdel-new";
    startWorker(type);
    var first = submit("{\"type\":\"" + type + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(first).equals("COMPLETED"));

    deleteQueue(type); // an operator moving the type to a quorum queue, say

    var ids = new ArrayList<UUID>();
    for (int i = 0; i < 20; i++) {
      ids.add(submit("{\"type\":\"" + type + "\",\"input\":{\"n\":" + i + "}}"));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(ids).allMatch(id -> status(id).equals("COMPLETED")));
  }

  @Test
  void dispatchesLostWithTheirDeletedQueueAreDispatchedAgain() throws Exception {
    var type = "fault-qdel-lost";
    var queued = new ArrayList<UUID>();
    for (int i = 0; i < 5; i++) {
      queued.add(submit("{\"type\":\"" + type + "\"}"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(queued).allMatch(id -> status(id).equals("QUEUED"));
              assertThat(messagesIn(type)).isEqualTo(5);
            });

    deleteQueue(type); // the five dispatches are gone with it
    var later = new ArrayList<UUID>();
    for (int i = 0; i < 5; i++) {
      later.add(submit("{\"type\":\"" + type + "\"}"));
    }

    // The orchestrator declares the queue again and every QUEUED task has its copy in it: the
    // lost ones dispatched again, the later ones never counted as delivered while unroutable.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(later).allMatch(id -> status(id).equals("QUEUED"));
              assertThat(messagesIn(type)).isEqualTo(10);
            });
    assertThat(history(queued.get(0)).toString()).contains("dispatched again");

    startWorker(type);
    var all = new ArrayList<>(queued);
    all.addAll(later);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(all).allMatch(id -> status(id).equals("COMPLETED")));
  }

  @Test
  void aStrandedQueuedTaskDoesNotKeepAConcurrencySlot() throws Exception {
    var type = "fault-qdel-limited";
    var registered =
        post(
            "/api/v1/definitions",
            "{\"type\":\"" + type + "\",\"version\":\"1.0.0\",\"concurrencyLimit\":1}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    var inBroker = submit("{\"type\":\"" + type + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> messagesIn(type) == 1);
    var held = submit("{\"type\":\"" + type + "\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> history(held).toString().contains("held: concurrency limit"));

    deleteQueue(type); // the one slot's dispatch is gone with it

    startWorker(type);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status(inBroker)).isEqualTo("COMPLETED");
              assertThat(status(held)).isEqualTo("COMPLETED");
            });
  }

  @Test
  void undecodableDispatchFailsItsTaskNonRetryablyWithTheReason() throws Exception {
    var type = "fault-malformed";
    var id = submit("{\"type\":\"" + type + "\",\"maxRetries\":3}");
    await().atMost(Duration.ofSeconds(20)).until(() -> messagesIn(type) == 1);
    try (var channel = broker.createChannel()) {
      channel.queuePurge(topology.taskQueue(type));
      var props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .messageId(id + ":1")
              .deliveryMode(2)
              .build();
      var body =
          "{\"v\":1,\"taskId\":\""
              + id
              + "\",\"type\":\""
              + type
              + "\",\"attempt\":1,\"input\":{},\"priority\":5,\"timeoutSeconds\":60,"
              + "\"tags\":\"not-a-map\"}";
      channel.basicPublish(
          topology.tasksExchange(),
          topology.dispatchKey(type, null),
          props,
          body.getBytes(StandardCharsets.UTF_8));
    }

    startWorker(type);

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("FAILED"));
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(1);
    assertThat(task.get("error").get("type").asString()).isEqualTo("MalformedDispatch");
    assertThat(task.get("error").get("retryable").asBoolean()).isFalse();
    assertThat(task.get("error").get("message").asString()).contains("tags");
  }

  @Test
  void aQueueThatCannotBeDeclaredDoesNotStallOtherTypes() throws Exception {
    var bad = "fault-conflicting";
    var good = "fault-flowing";
    var badQueue = topology.taskQueue(bad);
    try (var channel = broker.createChannel()) {
      // A worker of another version declared the queue with other arguments.
      channel.queueDeclare(badQueue, true, false, false, Map.of("x-max-length", 7));
    }
    var stuck = new ArrayList<UUID>();
    for (int i = 0; i < 3; i++) {
      stuck.add(submit("{\"type\":\"" + bad + "\"}"));
    }
    startWorker(good);
    var flowing = new ArrayList<UUID>();
    for (int i = 0; i < 5; i++) {
      flowing.add(submit("{\"type\":\"" + good + "\"}"));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(flowing).allMatch(id -> status(id).equals("COMPLETED")));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var dispatch = getJson("/actuator/health").get("components").get("dispatch");
              assertThat(dispatch.get("status").asString()).isEqualTo("UP");
              assertThat(failing(dispatch.get("details"), badQueue).get("reason").asString())
                  .contains("PRECONDITION_FAILED");
              var dashboard = getJson("/api/v1/dispatch");
              var target = failing(dashboard, badQueue);
              assertThat(target.get("type").asString()).isEqualTo(bad);
              assertThat(target.get("reason").asString()).contains("PRECONDITION_FAILED");
              assertThat(target.get("waitingDispatches").asLong()).isEqualTo(3);
            });
    assertThat(stuck).allMatch(id -> status(id).equals("SUBMITTED"));

    try (var channel = broker.createChannel()) {
      channel.queueDelete(badQueue); // the operator's fix
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(stuck).allMatch(id -> status(id).equals("QUEUED"));
              assertThat(getJson("/api/v1/dispatch").get("failingTargets").toString())
                  .doesNotContain(badQueue);
            });
  }

  private static JsonNode failing(JsonNode details, String queue) {
    for (var target : details.get("failingTargets")) {
      if (target.get("queue").asString().equals(queue)) {
        return target;
      }
    }
    throw new AssertionError("no failing target " + queue + " in " + details);
  }

  private void startWorker(String type) {
    var worker =
        BatonWorker.builder()
            .amqpUri(TestBroker.amqpUri())
            .topology(topology)
            .concurrency(4)
            .heartbeatInterval(Duration.ofSeconds(1))
            .handler(type, context -> context.input())
            .build();
    worker.start();
    workers.add(worker);
  }

  private void deleteQueue(String type) throws Exception {
    try (var channel = broker.createChannel()) {
      channel.queueDelete(topology.taskQueue(type));
    }
  }

  /** Ready messages in the type's queue; -1 while it does not exist. */
  private long messagesIn(String type) {
    try (var channel = broker.createChannel()) {
      return channel.queueDeclarePassive(topology.taskQueue(type)).getMessageCount();
    } catch (Exception e) {
      return -1;
    }
  }

  private JsonNode history(UUID id) {
    return getJson("/api/v1/tasks/" + id + "/events");
  }
}
