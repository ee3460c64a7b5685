package dev.baton.orchestrator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The events consumer faced with garbage, stale, duplicate and unknown-task events. */
class WorkerEventsIT extends OrchestratorIT {

  private Connection connection;
  private Channel channel;

  @BeforeEach
  void connect() throws Exception {
    connection = TestBroker.connectionFactory().newConnection("worker-events-it");
    channel = connection.createChannel();
    channel.confirmSelect();
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
  }

  @Test
  void garbageIsDeadLetteredAndStaleOrDuplicateEventsChangeNothingWhileTheConsumerGoesOn()
      throws Exception {
    var id = submit("{\"type\":\"events-it\",\"input\":{\"n\":1}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    var marker = UUID.randomUUID().toString();

    publish("task.result", "this is not json " + marker);
    publish("task.result", result(id, 7, "{\"stale\":true}"));
    publish("task.status", status(id, 1, "RUNNING"));

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("RUNNING"));
    var staleEntry = historyEntry(id, 7);
    assertThat(staleEntry.get("outcome").asString()).isEqualTo("IGNORED");
    assertThat(staleEntry.get("reason").asString()).contains("attempt 7");
    assertThat(getJson("/api/v1/tasks/" + id).get("result").isNull()).isTrue();

    var deadLetter = awaitDeadLetter(marker);
    assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .startsWith("malformed event");
    assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.ROUTING_KEY_HEADER).toString())
        .isEqualTo("task.result");

    publish("task.result", result(id, 1, "{\"first\":true}"));
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
    publish("task.result", result(id, 1, "{\"second\":true}"));
    publish("task.status", status(id, 1, "RUNNING"));
    publish("task.result", result(UUID.randomUUID(), 1, "{\"unknown\":true}"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> getJson("/api/v1/tasks/" + id + "/events").size() >= 7);
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(task.get("result").has("first")).isTrue();
    var history = getJson("/api/v1/tasks/" + id + "/events");
    assertThat(history.findValuesAsString("to").stream().filter("COMPLETED"::equals)).hasSize(3);
    long appliedCompletions = 0;
    for (var entry : history) {
      if (entry.get("to").asString().equals("COMPLETED")
          && entry.get("outcome").asString().equals("APPLIED")) {
        appliedCompletions++;
      }
    }
    assertThat(appliedCompletions).as("exactly one applied COMPLETED transition").isEqualTo(1);
  }

  @Test
  void oversizedOrTooDeepResultIsDeadLetteredAndTheTaskWaitsForAGoodOne() throws Exception {
    var id = submit("{\"type\":\"events-it\",\"input\":{\"n\":2}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    var big = UUID.randomUUID().toString();
    var deep = UUID.randomUUID().toString();

    publish("task.result", result(id, 1, "{\"pad\":\"" + big + "x".repeat(1024 * 1024) + "\"}"));
    var tooLarge = awaitDeadLetter(big);
    publish("task.result", result(id, 1, "[\"" + deep + "\"," + "[".repeat(70) + "]".repeat(71)));
    var tooDeep = awaitDeadLetter(deep);

    assertThat(tooLarge.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .startsWith("event too large: the message body is")
        .contains("baton.broker.max-message-size");
    assertThat(tooDeep.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .startsWith("malformed event")
        .contains("nesting depth");
    assertThat(status(id)).isEqualTo("QUEUED");
    publish("task.result", result(id, 1, "{\"fits\":true}"));
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
  }

  @Test
  void resultBatchIsAppliedItemByItemAndOnlyItsBadItemIsDeadLettered() throws Exception {
    var done = submit("{\"type\":\"events-it\",\"input\":{\"n\":3}}");
    var failed = submit("{\"type\":\"events-it\",\"input\":{\"n\":4},\"maxRetries\":0}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(done).equals("QUEUED") && status(failed).equals("QUEUED"));
    var marker = UUID.randomUUID().toString();
    var batch =
        ("{\"v\":1,\"workerId\":\"lean-worker\",\"results\":["
                + "{\"taskId\":\"%s\",\"attempt\":1,\"outcome\":\"COMPLETED\",\"result\":{\"ok\":1},"
                + "\"startedAt\":\"2026-01-02T03:04:05.678Z\",\"at\":\"2026-01-02T03:04:05.680Z\"},"
                + "{\"taskId\":\"%s\",\"attempt\":1,\"marker\":\"%s\"},"
                + "{\"taskId\":\"%s\",\"attempt\":1,\"outcome\":\"FAILED\","
                + "\"error\":{\"message\":\"no\",\"type\":\"X\",\"retryable\":false}}]}")
            .formatted(done, UUID.randomUUID(), marker, failed);

    publish("task.results", batch);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(done).equals("COMPLETED") && status(failed).equals("FAILED"));
    var task = getJson("/api/v1/tasks/" + done);
    assertThat(task.get("workerId").asString()).isEqualTo("lean-worker");
    assertThat(task.get("startedAt").asString()).isEqualTo("2026-01-02T03:04:05.678Z");
    var completion = historyEntry(done, 1, "COMPLETED");
    assertThat(completion.get("from").asString()).isEqualTo("QUEUED");
    assertThat(completion.get("workerId").asString()).isEqualTo("lean-worker");
    assertThat(getJson("/api/v1/tasks/" + failed).get("workerId").asString())
        .isEqualTo("lean-worker");
    var deadLetter = awaitDeadLetter(marker);
    assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .contains("results[1]")
        .contains("outcome");
    assertThat(new String(deadLetter.getBody(), StandardCharsets.UTF_8))
        .doesNotContain(done.toString())
        .contains("lean-worker");
  }

  @Test
  void workerReportingEveryStepTheV1WayStillWorks() throws Exception {
    var id = submit("{\"type\":\"events-it\",\"input\":{\"n\":5}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));

    publish("task.status", status(id, 1, "ASSIGNED"));
    publish("task.status", status(id, 1, "RUNNING"));
    publish("task.result", result(id, 1, "{\"v1\":true}"));

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
    var history = getJson("/api/v1/tasks/" + id + "/events");
    var applied = new ArrayList<String>();
    for (var entry : history) {
      if ("APPLIED".equals(entry.get("outcome").asString())) {
        applied.add(entry.get("to").asString());
      }
    }
    assertThat(applied).containsExactly("SUBMITTED", "QUEUED", "ASSIGNED", "RUNNING", "COMPLETED");
    assertThat(getJson("/api/v1/tasks/" + id).get("result").get("v1").asBoolean()).isTrue();
  }

  private JsonNode historyEntry(UUID id, int attempt, String to) {
    for (var entry : getJson("/api/v1/tasks/" + id + "/events")) {
      if (entry.get("attempt").asInt() == attempt
          && to.equals(entry.get("to").asString())
          && "APPLIED".equals(entry.get("outcome").asString())) {
        return entry;
      }
    }
    throw new AssertionError("no applied entry to " + to + " for attempt " + attempt);
  }

  private JsonNode historyEntry(UUID id, int attempt) {
    for (var entry : getJson("/api/v1/tasks/" + id + "/events")) {
      if (entry.get("attempt").asInt() == attempt) {
        return entry;
      }
    }
    throw new AssertionError("no history entry for attempt " + attempt);
  }

  private com.rabbitmq.client.GetResponse awaitDeadLetter(String marker) {
    var found = new com.rabbitmq.client.GetResponse[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var response = channel.basicGet(topology.deadLetterQueue(), true);
              if (response != null
                  && new String(response.getBody(), StandardCharsets.UTF_8).contains(marker)) {
                found[0] = response;
                return true;
              }
              return false;
            });
    return found[0];
  }

  private void publish(String key, String body) throws Exception {
    var props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    channel.basicPublish(
        topology.eventsExchange(), key, props, body.getBytes(StandardCharsets.UTF_8));
    channel.waitForConfirmsOrDie(5000);
  }

  private static String result(UUID id, int attempt, String result) {
    return "{\"v\":1,\"taskId\":\"%s\",\"attempt\":%d,\"workerId\":\"it\",\"outcome\":\"COMPLETED\",\"result\":%s}"
        .formatted(id, attempt, result);
  }

  private static String status(UUID id, int attempt, String status) {
    return "{\"v\":1,\"taskId\":\"%s\",\"attempt\":%d,\"workerId\":\"it\",\"status\":\"%s\"}"
        .formatted(id, attempt, status);
  }
}
