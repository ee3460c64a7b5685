package dev.baton.orchestrator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.worker.BatonWorker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole path on the real parts: REST → SQLite → outbox → RabbitMQ → example worker → events →
 * state machine, for 500 tasks of mixed types.
 */
class EndToEndIT extends OrchestratorIT {

  private BatonWorker worker;

  @BeforeEach
  void startWorker() {
    worker = startWorker(8);
  }

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  /** What a task should end as. */
  record Expected(String status, String resultField, String resultValue, int attempts) {}

  @Test
  void fiveHundredMixedTasksReachTheirRightTerminalStateWithResultAndCompleteHistory()
      throws Exception {
    var expected = new ConcurrentHashMap<UUID, Expected>();
    var submissions = new ArrayList<Map.Entry<String, Expected>>();
    for (int i = 0; i < 500; i++) {
      var seq = ",\"seq\":" + i;
      switch (i % 10) {
        case 0, 1, 2, 3 ->
            submissions.add(
                Map.entry(
                    "{\"type\":\"echo\",\"input\":{\"n\":\"" + i + "\"}}",
                    new Expected("COMPLETED", "n", String.valueOf(i), 1)));
        case 4, 5, 6 ->
            submissions.add(
                Map.entry(
                    "{\"type\":\"sha256\",\"input\":{\"text\":\"task-" + i + "\"}}",
                    new Expected("COMPLETED", "sha256", sha256("task-" + i), 1)));
        case 7, 8 ->
            submissions.add(
                Map.entry(
                    "{\"type\":\"sleep\",\"priority\":"
                        + (i % 10)
                        + ",\"input\":{\"ms\":"
                        + (i % 40)
                        + seq
                        + "}}",
                    new Expected("COMPLETED", "sleptMs", String.valueOf(i % 40), 1)));
        default ->
            submissions.add(
                Map.entry(
                    "{\"type\":\"fail\",\"maxRetries\":1,\"input\":{\"i\":" + i + "}}",
                    new Expected("FAILED", null, null, 2)));
      }
    }
    var pool = Executors.newFixedThreadPool(4);
    try {
      var futures = new ArrayList<Future<?>>();
      for (var s : submissions) {
        futures.add(pool.submit(() -> expected.put(submit(s.getKey()), s.getValue())));
      }
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected).hasSize(500);

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> expected.keySet().stream().allMatch(id -> isTerminal(status(id))));

    for (var e : expected.entrySet()) {
      verifyTask(e.getKey(), e.getValue());
    }
  }

  private void verifyTask(UUID id, Expected expected) {
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("status").asString()).as("status of %s", id).isEqualTo(expected.status());
    assertThat(task.get("attempt").asInt()).as("attempt of %s", id).isEqualTo(expected.attempts());
    if (expected.resultField() != null) {
      assertThat(task.get("result").get(expected.resultField()).asString())
          .as("result of %s", id)
          .isEqualTo(expected.resultValue());
    } else {
      assertThat(task.get("error").get("message").asString()).contains("fail handler always fails");
      assertThat(task.get("error").get("type").asString()).isNotBlank();
    }
    var applied = appliedTransitions(getJson("/api/v1/tasks/" + id + "/events"));
    assertThat(applied.get(0)).isEqualTo("SUBMITTED");
    assertThat(applied.get(applied.size() - 1)).isEqualTo(expected.status());
    assertThat(applied.stream().filter(expected.status()::equals))
        .as("one terminal transition")
        .hasSize(1);
    // Protocol v1.1: a short task goes from QUEUED straight to its end, which names the worker
    // and when its handler started; one longer than 100 ms shows RUNNING first.
    assertThat(applied)
        .as("history of %s", id)
        .containsSubsequence("SUBMITTED", expected.status())
        .doesNotContain("ASSIGNED");
    assertThat(task.get("workerId").asString()).as("worker of %s", id).isNotBlank();
    if (expected.attempts() == 2) {
      assertThat(applied).containsSubsequence("SUBMITTED", "RETRYING", "FAILED");
    } else {
      assertThat(task.get("startedAt").isNull()).as("startedAt of %s", id).isFalse();
    }
  }

  private static List<String> appliedTransitions(JsonNode history) {
    var statuses = new ArrayList<String>();
    for (var entry : history) {
      if (entry.get("outcome").asString().equals("APPLIED")) {
        statuses.add(entry.get("to").asString());
      }
    }
    return statuses;
  }

  private static boolean isTerminal(String status) {
    return Map.of("COMPLETED", 1, "FAILED", 1, "CANCELLED", 1).containsKey(status);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
