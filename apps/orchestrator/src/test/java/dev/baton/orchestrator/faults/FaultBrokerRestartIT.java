package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

/**
 * RabbitMQ stops in the middle of a run ({@code rabbitmqctl stop_app}) and starts again: while it
 * is down the orchestrator still accepts tasks (they wait as SUBMITTED) and reports DOWN; once it
 * is back, the orchestrator and the workers reconnect by themselves and every task completes once.
 */
class FaultBrokerRestartIT {

  private static final int BEFORE = 1_000;
  private static final int DURING = 200;
  private static final int SLEEP_MS = 400;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void brokerStoppedAndStartedMidRunCompletesTheRun() {
    var rabbitmqctl = faults.rabbitmqctl();
    var orchestrator = faults.startOrchestrator(Map.of("BATON_TASKS_BACKOFF_INITIAL", "200ms"));
    var http = orchestrator.http();
    List<BatonWorker> workers =
        List.of(faults.startInProcessWorker(4), faults.startInProcessWorker(4));

    try (var load = new TaskLoad(http, 4)) {
      var submissions = load.submitAll(tasks(0, BEFORE), Duration.ofMinutes(3));
      await("a quarter of the tasks completed")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completed(workers) >= BEFORE / 4);

      var duringOutage = new ArrayList<UUID>();
      long stopped = System.nanoTime();
      try {
        rabbitmqctl.stopApp();
        long completedAtStop = completed(workers);
        FaultHarness.report(
            "broker stopped with %d of %d tasks completed", completedAtStop, BEFORE);
        assertThat(completedAtStop).as("tasks left to do after the stop").isLessThan(BEFORE);

        for (var body : tasks(BEFORE, DURING)) {
          var response = http.post("/api/v1/tasks", body);
          assertThat(response.status()).as("submission while the broker is down").isEqualTo(201);
          assertThat(response.json().get("status").asString()).isEqualTo("SUBMITTED");
          duringOutage.add(UUID.fromString(response.json().get("id").asString()));
        }
        await("health DOWN while the broker is down")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> http.get("/actuator/health").status() == 503);
        var health = http.get("/actuator/health").json();
        FaultHarness.report(
            "health during the outage: %s (rabbit %s, dispatch %s, %s dispatches waiting)",
            health.get("status").asString(),
            health.at("/components/rabbit/status").asString(),
            health.at("/components/dispatch/status").asString(),
            health.at("/components/dispatch/details/pendingMessages").asString());
        assertThat(health.get("status").asString()).isEqualTo("DOWN");
        // The outage goes on a few seconds more, and what was accepted meanwhile stays SUBMITTED.
        await("tasks submitted during the outage stay SUBMITTED")
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> duringOutage.stream().allMatch(id -> status(http, id).equals("SUBMITTED")));
      } finally {
        rabbitmqctl.startApp();
      }
      FaultHarness.report("broker was down for %d ms", (System.nanoTime() - stopped) / 1_000_000);

      var ids = new ArrayList<>(TaskLoad.join(submissions));
      ids.addAll(duringOutage);
      assertThat(new HashSet<>(ids)).hasSize(BEFORE + DURING);
      load.awaitTerminal(ids, Duration.ofMinutes(4));
      var verified = load.verifyAll(ids, "COMPLETED", null);
      load.assertCounts(BEFORE + DURING, "COMPLETED");
      FaultHarness.report("history entries over all tasks: %s", TaskLoad.triggerCounts(verified));
      FaultHarness.report(
          "workers: %d attempts completed, %d duplicate deliveries acked without running",
          completed(workers), workers.stream().mapToLong(BatonWorker::duplicateCount).sum());
    }
    await("health UP again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> http.healthStatus() == 200);
  }

  /**
   * The dispatch health goes DOWN when a publish fails; it must come back UP once the broker is
   * back, even when nothing is left to dispatch by then (here the one waiting task was cancelled).
   */
  @Test
  void dispatchHealthRecoversAfterTheOutageEvenWithNothingLeftToDispatch() {
    var rabbitmqctl = faults.rabbitmqctl();
    var http = faults.startOrchestrator(Map.of()).http();
    try {
      rabbitmqctl.stopApp();
      var body = TaskLoad.task("echo", JsonHttp.JSON.createObjectNode(), faults.prefix() + "-1");
      var id = http.post("/api/v1/tasks", body).json().get("id").asString();
      await("dispatch health DOWN")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> dispatchStatus(http).equals("DOWN"));
      var cancelled =
          http.post("/api/v1/tasks/" + id + "/cancel", JsonHttp.JSON.createObjectNode());
      assertThat(cancelled.status()).isEqualTo(200);
    } finally {
      rabbitmqctl.startApp();
    }
    // The relay retries within 10 s at most; the rabbit health is UP within a second.
    await("health UP again with an empty outbox")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var health = http.get("/actuator/health");
              assertThat(health.status()).as(health.body()).isEqualTo(200);
            });
  }

  private static String dispatchStatus(JsonHttp http) {
    return http.get("/actuator/health").json().at("/components/dispatch/status").asString();
  }

  private List<ObjectNode> tasks(int from, int count) {
    return TaskLoad.echoAndSleep(faults.prefix(), from, count, SLEEP_MS);
  }

  private static String status(JsonHttp http, UUID id) {
    return http.getJson("/api/v1/tasks/" + id).get("status").asString();
  }

  private static long completed(List<BatonWorker> workers) {
    return workers.stream().mapToLong(BatonWorker::completedCount).sum();
  }
}
