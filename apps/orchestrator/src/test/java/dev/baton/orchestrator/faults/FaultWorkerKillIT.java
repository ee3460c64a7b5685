package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A worker dies by SIGKILL while it runs tasks: it stops heartbeating, the orchestrator shows it
 * UNHEALTHY, then OFFLINE, and retries the attempts it held (WORKER_LOST); another worker completes
 * them. Short liveness clocks (unhealthy after 3 s, offline after 6 s, heartbeats every second)
 * keep the test short.
 */
class FaultWorkerKillIT {

  private static final int TASKS = 3;
  private static final int SLEEP_MS = 20_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void workerKilledMidTaskIsRetriedElsewhereAndShownOffline() {
    var orchestrator =
        faults.startOrchestrator(
            Map.of(
                "BATON_WORKERS_UNHEALTHYAFTER", "3s",
                "BATON_WORKERS_OFFLINEAFTER", "6s",
                "BATON_SWEEPER_INTERVAL", "500ms",
                "BATON_TASKS_BACKOFF_INITIAL", "200ms"));
    var http = orchestrator.http();
    var workerA = faults.startWorkerProcess("fault-a", TASKS, Duration.ofSeconds(1));

    var ids = new ArrayList<UUID>();
    for (int i = 0; i < TASKS; i++) {
      var body =
          TaskLoad.task(
              "sleep", JsonHttp.JSON.createObjectNode().put("ms", SLEEP_MS), faults.prefix() + i);
      var response = http.post("/api/v1/tasks", body);
      assertThat(response.status()).isEqualTo(201);
      ids.add(UUID.fromString(response.json().get("id").asString()));
    }
    await("every task RUNNING on worker A")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                ids.stream()
                    .map(id -> http.getJson("/api/v1/tasks/" + id))
                    .allMatch(
                        t ->
                            t.get("status").asString().equals("RUNNING")
                                && workerA.workerId().equals(t.get("workerId").asString())));
    // A's next heartbeat lists the attempts it holds.
    await("worker A BUSY with the tasks")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              var a = http.getJson("/api/v1/workers/" + workerA.workerId());
              assertThat(a.get("status").asString()).isEqualTo("BUSY");
              assertThat(a.get("running").valueStream().map(JsonNode::asString))
                  .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            });

    workerA.kill9();

    // The sweeper runs every 500 ms and a silent worker is UNHEALTHY from 3 s to 6 s: polling every
    // 100 ms sees that phase. Worker B starts only after, so its start-up does not compete for CPU.
    var statusesOfA = new LinkedHashSet<String>();
    await("worker A OFFLINE")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              statusesOfA.add(workerStatus(http, workerA.workerId()));
              return statusesOfA.contains("OFFLINE");
            });
    FaultHarness.report("worker A was seen %s after the kill", statusesOfA);
    assertThat(statusesOfA).containsSubsequence("UNHEALTHY", "OFFLINE");

    // B gets the retried attempts, and also attempt 1 of each again (A's unacked deliveries).
    var workerB = faults.startWorkerProcess("fault-b", 2 * TASKS, Duration.ofSeconds(1));
    try (var load = new TaskLoad(http, 2)) {
      load.awaitTerminal(ids, Duration.ofMinutes(2));
    }
    for (var id : ids) {
      var verified = HistoryCheck.verify(http, id, "COMPLETED");
      var history = verified.dump();
      assertThat(verified.applied())
          .as(history)
          .anySatisfy(
              e -> {
                assertThat(e.trigger()).isEqualTo("WORKER_LOST");
                assertThat(e.from()).isEqualTo("RUNNING");
                assertThat(e.to()).isEqualTo("RETRYING");
                assertThat(e.workerId()).isEqualTo(workerA.workerId());
              });
      var completion =
          verified.applied().stream()
              .filter(e -> "COMPLETED".equals(e.to()))
              .findFirst()
              .orElseThrow();
      assertThat(completion.workerId()).as(history).isEqualTo(workerB.workerId());
      assertThat(completion.attempt()).as(history).isEqualTo(2);
      assertThat(verified.task().get("workerId").asString())
          .as(history)
          .isEqualTo(workerB.workerId());
    }
    assertThat(workerStatus(http, workerA.workerId())).isEqualTo("OFFLINE");
    assertThat(workerStatus(http, workerB.workerId())).isIn("IDLE", "BUSY");
  }

  @Test
  void workerKilledMidTaskHandsItToAnotherWorkerAtOnceWithoutUsingARetry() {
    // A long liveness window: the hand-over must not wait for WORKER_LOST.
    var orchestrator =
        faults.startOrchestrator(
            Map.of(
                "BATON_WORKERS_UNHEALTHYAFTER", "60s",
                "BATON_WORKERS_OFFLINEAFTER", "120s",
                "BATON_SWEEPER_INTERVAL", "500ms"));
    var http = orchestrator.http();
    var workerA = faults.startWorkerProcess("takeover-a", TASKS, Duration.ofSeconds(1));
    var ids = new ArrayList<UUID>();
    for (int i = 0; i < TASKS; i++) {
      var body =
          TaskLoad.task(
                  "sleep", JsonHttp.JSON.createObjectNode().put("ms", 20_000), faults.prefix() + i)
              .put("maxRetries", 0);
      var response = http.post("/api/v1/tasks", body);
      assertThat(response.status()).isEqualTo(201);
      ids.add(UUID.fromString(response.json().get("id").asString()));
    }
    await("every task RUNNING on worker A")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                ids.stream()
                    .map(id -> http.getJson("/api/v1/tasks/" + id))
                    .allMatch(
                        t ->
                            t.get("status").asString().equals("RUNNING")
                                && workerA.workerId().equals(t.get("workerId").asString())));
    var workerB = faults.startWorkerProcess("takeover-b", TASKS, Duration.ofSeconds(1));
    assertThat(ids)
        .as("still running on A when it is killed (B started slowly?)")
        .allMatch(
            id -> "RUNNING".equals(http.getJson("/api/v1/tasks/" + id).get("status").asString()));

    workerA.kill9();
    var killedAt = System.nanoTime();

    try (var load = new TaskLoad(http, 2)) {
      load.awaitTerminal(ids, Duration.ofSeconds(60));
    }
    FaultHarness.report(
        "all %d tasks ended %d ms after the kill",
        TASKS, (System.nanoTime() - killedAt) / 1_000_000);
    for (var id : ids) {
      var verified = HistoryCheck.verify(http, id, "COMPLETED");
      var history = verified.dump();
      assertThat(verified.task().get("attempt").asInt()).as(history).isEqualTo(1);
      assertThat(verified.task().get("workerId").asString())
          .as(history)
          .isEqualTo(workerB.workerId());
      assertThat(verified.applied())
          .as(history)
          .anySatisfy(
              e -> {
                assertThat(e.takeOver()).isTrue();
                assertThat(e.workerId()).isEqualTo(workerB.workerId());
                assertThat(e.reason()).contains(workerA.workerId());
              });
      assertThat(verified.applied("WORKER_LOST")).as(history).isFalse();
    }
  }

  private static String workerStatus(JsonHttp http, String workerId) {
    return http.getJson("/api/v1/workers/" + workerId).get("status").asString();
  }
}
