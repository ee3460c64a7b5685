package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The orchestrator dies by SIGKILL in the middle of a run (submissions still arriving, dispatches
 * and events in flight) and is started again on the same database: no task is lost, and each
 * completes exactly once. The producer repeats an unanswered submission with the same idempotency
 * key, as a careful producer does.
 */
class FaultOrchestratorKillIT {

  private static final int TASKS = 2_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void orchestratorKilledMidRunLosesNoTaskAndCompletesEachOnce() {
    var orchestrator = faults.startOrchestrator(Map.of("BATON_TASKS_BACKOFF_INITIAL", "200ms"));
    List<BatonWorker> workers =
        List.of(faults.startInProcessWorker(4), faults.startInProcessWorker(4));

    // Mostly echo, every tenth a sleep of a few ms; the expected result of each, in the same order.
    var bodies = new ArrayList<ObjectNode>();
    var results = new ArrayList<JsonNode>();
    for (int i = 0; i < TASKS; i++) {
      var key = faults.prefix() + "-" + i;
      var input = JsonHttp.JSON.createObjectNode();
      if (i % 10 == 0) {
        bodies.add(TaskLoad.task("sleep", input.put("ms", i % 7), key));
        results.add(JsonHttp.JSON.createObjectNode().put("sleptMs", i % 7));
      } else {
        bodies.add(TaskLoad.task("echo", input.put("n", i), key));
        results.add(input);
      }
    }

    try (var load = new TaskLoad(orchestrator.http(), 4)) {
      long started = System.nanoTime();
      var submissions = load.submitAll(bodies, Duration.ofMinutes(3));

      await("a third of the tasks completed")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completed(workers) >= TASKS / 3);
      orchestrator.kill9();
      long completedAtKill = completed(workers);
      FaultHarness.report(
          "killed the orchestrator at %d ms: %d submissions answered, %d tasks completed",
          millisSince(started),
          submissions.stream().filter(Future::isDone).count(),
          completedAtKill);
      assertThat(completedAtKill).as("tasks left to do after the kill").isLessThan(TASKS);

      orchestrator.restart();
      var ids = TaskLoad.join(submissions);
      assertThat(new HashSet<>(ids)).as("one task per idempotency key").hasSize(TASKS);
      load.awaitTerminal(ids, Duration.ofMinutes(4));
      FaultHarness.report("all %d tasks terminal at %d ms", TASKS, millisSince(started));

      var expectedResult = new HashMap<UUID, JsonNode>();
      for (int i = 0; i < TASKS; i++) {
        expectedResult.put(ids.get(i), results.get(i));
      }
      var verified = load.verifyAll(ids, "COMPLETED", expectedResult::get);
      load.assertCounts(TASKS, "COMPLETED");
      FaultHarness.report("history entries over all tasks: %s", TaskLoad.triggerCounts(verified));
      FaultHarness.report(
          "workers: %d attempts completed, %d duplicate deliveries acked without running",
          completed(workers), workers.stream().mapToLong(BatonWorker::duplicateCount).sum());
    }
    assertThat(
            orchestrator
                .http()
                .getJson("/actuator/health")
                .at("/components/dispatch/details/pendingMessages")
                .asLong())
        .as("outbox drained")
        .isZero();
  }

  private static long completed(List<BatonWorker> workers) {
    return workers.stream().mapToLong(BatonWorker::completedCount).sum();
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
