package dev.baton.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker that dies holding an attempt, seen from the broker's side: its channel closes with the
 * dispatch unacked. The dying worker here speaks the wire protocol on a raw connection that the
 * test aborts, which is what the broker sees of a {@code kill -9} (the process-level version is
 * {@code faults/FaultWorkerKillIT}).
 */
class RedeliveryIT extends OrchestratorIT {

  private static final String TYPE = "redeliver-it";

  private final List<AutoCloseable> opened = new ArrayList<>();

  private Connection events;
  private Channel eventsChannel;

  @BeforeEach
  void connect() throws Exception {
    events = TestBroker.connectionFactory().newConnection("redelivery-it events");
    eventsChannel = events.createChannel();
    eventsChannel.confirmSelect();
    opened.add(events);
  }

  @AfterEach
  void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        // already closed by the test (an aborted connection)
      }
    }
  }

  @Test
  void dispatchRedeliveredAfterItsHolderDiedIsTakenOverAndCompletesWithoutARetry()
      throws Exception {
    var id = submit("{\"type\":\"" + TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":120}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    var holder = new RawWorker("raw-holder-" + UUID.randomUUID());
    var delivery = holder.take();
    assertThat(delivery.getEnvelope().isRedeliver()).isFalse();
    publishStatus(id, holder.id, "ASSIGNED");
    publishStatus(id, holder.id, "RUNNING");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(id).equals("RUNNING") && holder.id.equals(workerOf(id)));

    BatonWorker taker =
        BatonWorker.builder()
            .amqpUri(TestBroker.amqpUri())
            .topology(topology)
            .concurrency(1)
            .handler(TYPE, context -> Map.of("ranOn", "taker"))
            .build();
    taker.start();
    opened.add(() -> taker.stop(Duration.ofSeconds(2)));
    holder.die();

    // Within seconds, not after the liveness window or the 120 s deadline, and in attempt 1.
    await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("COMPLETED"));
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(1);
    assertThat(task.get("workerId").asString()).isEqualTo(taker.workerId());
    assertThat(task.get("result").get("ranOn").asString()).isEqualTo("taker");
    var history = getJson("/api/v1/tasks/" + id + "/events");
    var takeOver = firstApplied(history, taker.workerId());
    assertThat(takeOver.get("from").asString()).isEqualTo("RUNNING");
    assertThat(takeOver.get("reason").asString())
        .contains("taken over from worker " + holder.id)
        .contains("redelivered");
    assertThat(history.findValuesAsString("to")).doesNotContain("RETRYING", "FAILED");
    // The former holder is asked to stop, in case only its channel was lost.
    var cancel = holder.awaitControl();
    assertThat(cancel.get("kind").asString()).isEqualTo("CANCEL");
    assertThat(cancel.get("taskId").asString()).isEqualTo(id.toString());

    // Its late result changes nothing.
    publishResult(id, holder.id, "{\"ranOn\":\"holder\"}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> getJson("/api/v1/tasks/" + id + "/events").size() > history.size());
    assertThat(getJson("/api/v1/tasks/" + id).get("result").get("ranOn").asString())
        .isEqualTo("taker");
  }

  @Test
  void workerLostHoldingAnAttemptIsAskedToCancelIt() throws Exception {
    var id = submit("{\"type\":\"" + TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":120}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    var lost = new RawWorker("raw-lost-" + UUID.randomUUID());
    lost.take();
    publishHeartbeat(lost.id, id);
    publishStatus(id, lost.id, "ASSIGNED");
    publishStatus(id, lost.id, "RUNNING");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(id).equals("RUNNING") && lost.id.equals(workerOf(id)));

    // No more heartbeats: OFFLINE after 8 s (the test orchestrator's setting), then WORKER_LOST.
    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("FAILED"));
    var cancel = lost.awaitControl();
    assertThat(cancel.get("kind").asString()).isEqualTo("CANCEL");
    assertThat(cancel.get("taskId").asString()).isEqualTo(id.toString());
    assertThat(cancel.get("attempt").asInt()).isEqualTo(1);
    var lostEntry = firstApplied(getJson("/api/v1/tasks/" + id + "/events"), lost.id);
    assertThat(lostEntry).isNotNull();
  }

  private String workerOf(UUID id) {
    var worker = getJson("/api/v1/tasks/" + id).get("workerId");
    return worker == null || worker.isNull() ? null : worker.asString();
  }

  private static JsonNode firstApplied(JsonNode history, String workerId) {
    for (var entry : history) {
      if ("APPLIED".equals(entry.get("outcome").asString())
          && entry.has("workerId")
          && workerId.equals(entry.get("workerId").asString())) {
        return entry;
      }
    }
    throw new AssertionError("no applied entry of " + workerId + " in " + history);
  }

  private void publishStatus(UUID id, String workerId, String status) throws Exception {
    publishEvent(
        "task.status",
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"%s\",\"status\":\"%s\",\"at\":\"%s\"}"
            .formatted(id, workerId, status, Instant.now()));
  }

  private void publishResult(UUID id, String workerId, String result) throws Exception {
    publishEvent(
        "task.result",
        ("{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"%s\",\"outcome\":\"COMPLETED\","
                + "\"result\":%s,\"at\":\"%s\"}")
            .formatted(id, workerId, result, Instant.now()));
  }

  private void publishHeartbeat(String workerId, UUID running) throws Exception {
    publishEvent(
        "worker.heartbeat",
        "{\"v\":1,\"workerId\":\"%s\",\"types\":[\"%s\"],\"capacity\":1,\"running\":[\"%s\"],\"at\":\"%s\"}"
            .formatted(workerId, TYPE, running, Instant.now()));
  }

  private void publishEvent(String key, String body) throws Exception {
    var props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    eventsChannel.basicPublish(
        topology.eventsExchange(), key, props, body.getBytes(StandardCharsets.UTF_8));
    eventsChannel.waitForConfirmsOrDie(5000);
  }

  /** A worker on a raw AMQP connection: takes one dispatch without acking it, then dies. */
  private final class RawWorker {
    final String id;
    final Connection connection;
    final Channel channel;
    final String controlQueue;

    RawWorker(String id) throws Exception {
      this.id = id;
      connection = TestBroker.connectionFactory().newConnection(id);
      opened.add(connection);
      channel = connection.createChannel();
      // On the test's own connection, so the control messages outlive this worker's.
      controlQueue = id + "-control";
      eventsChannel.queueDeclare(controlQueue, false, true, true, null);
      eventsChannel.queueBind(controlQueue, topology.controlExchange(), topology.controlKey(id));
    }

    GetResponse take() {
      var got = new GetResponse[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> (got[0] = channel.basicGet(topology.taskQueue(TYPE), false)) != null);
      return got[0];
    }

    /** What the broker sees of a kill -9: the connection is gone, the delivery unacked. */
    void die() {
      connection.abort();
    }

    JsonNode awaitControl() throws Exception {
      var channel = events.createChannel();
      var got = new GetResponse[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> (got[0] = channel.basicGet(controlQueue, true)) != null);
      return JSON.readTree(new String(got[0].getBody(), StandardCharsets.UTF_8));
    }
  }
}
