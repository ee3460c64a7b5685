package dev.baton.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Retries, backoff, deadlines, cancel, admin retry and schedules, on the real parts. */
class ReliabilityIT extends OrchestratorIT {

  private BatonWorker worker;

  @BeforeEach
  void start() {
    worker = startWorker(4);
  }

  @AfterEach
  void stop() {
    worker.stop(Duration.ofSeconds(2));
  }

  @Test
  void taskThatFailsEveryTimeEndsFailedAfterMaxRetriesPlusOneAttemptsWithBackoffInHistory() {
    var id =
        submit(
            "{\"type\":\"fail\",\"maxRetries\":2,\"backoff\":{\"initialMs\":400,\"factor\":2.0}}");

    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("FAILED"));

    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(3);
    assertThat(task.get("error").get("message").asString()).contains("fail handler always fails");
    var history = getJson("/api/v1/tasks/" + id + "/events");
    var failures = applied(history, "WORKER_FAILED");
    assertThat(failures)
        .extracting(e -> e.get("to").asString())
        .containsExactly("RETRYING", "RETRYING", "FAILED");
    // The next attempt is dispatched no earlier than the backoff (400 ms, then 800 ms, less 20%
    // jitter).
    assertThat(gapMillis(failures.get(0), firstOfAttempt(history, 2))).isGreaterThanOrEqualTo(320);
    assertThat(gapMillis(failures.get(1), firstOfAttempt(history, 3))).isGreaterThanOrEqualTo(640);
  }

  @Test
  void nonRetryableFailureEndsFailedAfterOneAttempt() {
    var id = submit("{\"type\":\"sha256\",\"maxRetries\":3,\"input\":{}}");

    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("FAILED"));

    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(1);
    assertThat(task.get("error").get("retryable").asBoolean()).isFalse();
  }

  @Test
  void attemptPastItsDeadlineTimesOutIsRetriedAndItsLateResultIsIgnored() {
    var id =
        submit(
            "{\"type\":\"sleep\",\"timeoutSeconds\":1,\"maxRetries\":1,\"input\":{\"ms\":2500}}");

    await().atMost(Duration.ofSeconds(30)).until(() -> status(id).equals("FAILED"));
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(2);
    assertThat(task.get("error").get("type").asString()).isEqualTo("TIMEOUT");

    // Attempt 1's worker is told to stop (or finishes late); its result arrives and changes
    // nothing.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                entries(getJson("/api/v1/tasks/" + id + "/events")).stream()
                    .anyMatch(
                        e ->
                            e.get("attempt").asInt() == 1
                                && e.get("outcome").asString().equals("IGNORED")
                                && e.get("trigger").asString().startsWith("WORKER_")
                                && !e.get("trigger").asString().equals("WORKER_RUNNING")));
    var history = getJson("/api/v1/tasks/" + id + "/events");
    assertThat(applied(history, "ATTEMPT_TIMED_OUT"))
        .extracting(e -> e.get("to").asString())
        .containsExactly("RETRYING", "FAILED");
    assertThat(getJson("/api/v1/tasks/" + id).get("status").asString()).isEqualTo("FAILED");
  }

  @Test
  void cancellingARunningTaskInterruptsItsWorkerAndIgnoresTheLateResult() {
    var id = submit("{\"type\":\"sleep\",\"input\":{\"ms\":60000}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("RUNNING"));

    var cancelled = post("/api/v1/tasks/" + id + "/cancel", "");
    var again = post("/api/v1/tasks/" + id + "/cancel", "");

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(cancelled.body()).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    // The handler sleeps for a minute; a result within seconds proves the worker interrupted it.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                entries(getJson("/api/v1/tasks/" + id + "/events")).stream()
                    .anyMatch(
                        e ->
                            e.get("trigger").asString().equals("WORKER_FAILED")
                                && e.get("outcome").asString().equals("IGNORED")));
    assertThat(status(id)).isEqualTo("CANCELLED");
  }

  @Test
  void retryStartsANewAttemptOfAFailedTaskAndIsRefusedForOthers() {
    var id = submit("{\"type\":\"fail\",\"maxRetries\":0}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("FAILED"));

    var retried = post("/api/v1/tasks/" + id + "/retry", "");

    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(retried.body()).get("attempt").asInt()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                status(id).equals("FAILED")
                    && getJson("/api/v1/tasks/" + id).get("attempt").asInt() == 2);
    var running = submit("{\"type\":\"sleep\",\"input\":{\"ms\":60000}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(running).equals("RUNNING"));
    assertThat(post("/api/v1/tasks/" + running + "/retry", "").statusCode()).isEqualTo(409);
    post("/api/v1/tasks/" + running + "/cancel", "");
    assertThat(post("/api/v1/tasks/" + UUID.randomUUID() + "/retry", "").statusCode())
        .isEqualTo(404);
  }

  @Test
  void scheduledTaskWaitsForItsRunAt() {
    var runAt = Instant.now().plusSeconds(2);
    var id = submit("{\"type\":\"echo\",\"input\":{\"s\":1},\"runAt\":\"" + runAt + "\"}");

    assertThat(status(id)).isEqualTo("SCHEDULED");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));

    var startedAt = Instant.parse(getJson("/api/v1/tasks/" + id).get("startedAt").asString());
    assertThat(startedAt).isAfterOrEqualTo(runAt);
  }

  @Test
  void cancelledScheduledTaskIsNeverDispatched() {
    var id = submit("{\"type\":\"echo\",\"runAt\":\"" + Instant.now().plusSeconds(1) + "\"}");

    assertThat(post("/api/v1/tasks/" + id + "/cancel", "").statusCode()).isEqualTo(200);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                status(id).equals("CANCELLED")
                    && applied(getJson("/api/v1/tasks/" + id + "/events"), "WORKER_ASSIGNED")
                        .isEmpty());
  }

  @Test
  void heartbeatingWorkerIsListedAndAStoppedOneGoesOffline() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> getJson("/api/v1/workers/" + worker.workerId()).has("status"));
    assertThat(getJson("/api/v1/workers/" + worker.workerId()).get("status").asString())
        .isIn("IDLE", "BUSY");
    assertThat(getJson("/api/v1/workers").findValuesAsString("id")).contains(worker.workerId());

    var leaving = startWorker(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/api/v1/workers/" + leaving.workerId()).statusCode() == 200);
    leaving.close();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                getJson("/api/v1/workers/" + leaving.workerId())
                    .get("status")
                    .asString()
                    .equals("OFFLINE"));
    assertThat(get("/api/v1/workers/nobody").statusCode()).isEqualTo(404);
  }

  private static List<JsonNode> entries(JsonNode history) {
    var list = new ArrayList<JsonNode>();
    history.forEach(list::add);
    return list;
  }

  private static List<JsonNode> applied(JsonNode history, String trigger) {
    return entries(history).stream()
        .filter(e -> trigger.equals(e.get("trigger").asString(null)))
        .filter(e -> e.get("outcome").asString().equals("APPLIED"))
        .toList();
  }

  private static JsonNode firstOfAttempt(JsonNode history, int attempt) {
    return entries(history).stream()
        .filter(
            e ->
                e.get("attempt").asInt() == attempt
                    && e.get("outcome").asString().equals("APPLIED"))
        .findFirst()
        .orElseThrow();
  }

  private static long gapMillis(JsonNode from, JsonNode to) {
    return Duration.between(
            Instant.parse(from.get("at").asString()), Instant.parse(to.get("at").asString()))
        .toMillis();
  }
}
