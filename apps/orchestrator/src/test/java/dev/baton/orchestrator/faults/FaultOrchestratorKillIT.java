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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The orchestrator dies by SIGKILL in the middle of a run (submissions may still be arriving,
 * dispatches and events are in flight) and is started again on the same database: no task is lost,
 * and each completes exactly once.
 */
class FaultOrchestratorKillIT {

  private static final int TASKS = 2_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void orchestratorKilledMidRunLosesNoTaskAndCompletesEachOnce() {
    var orchestrator = faults.startOrchestrator(Map.of("BATON_TASKS_BACKOFF_INITIAL", "200ms"));
    List<BatonWorker> workers =
        List.of(faults.startInProcessWorker(4), faults.startInProcessWorker(4));

    var bodies = new ArrayList<ObjectNode>();
    var expectedResults = new HashMap<String, JsonNode>();
    for (int i = 0; i < TASKS; i++) {
      var key = faults.prefix() + "-" + i;
      var input = JsonHttp.JSON.createObjectNode();
      ObjectNode body;
      if (i % 10 == 0) {
        input.put("ms", i % 7);
        body = TaskLoad.task("sleep", input, key);
        expectedResults.put(key, JsonHttp.JSON.createObjectNode().put("sleptMs", i % 7));
      } else {
        input.put("n", i);
        body = TaskLoad.task("echo", input, key);
        expectedResults.put(key, input);
      }
      bodies.add(body);
    }

    try (var load = new TaskLoad(orchestrator.http(), 4)) {
      long started = System.nanoTime();
      var submissions = load.submitAll(bodies, Duration.ofMinutes(3));

      await("a third of the tasks completed")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completed(workers) >= TASKS / 3);
      long submittedBeforeKill = submissions.stream().filter(f -> f.isDone()).count();
      orchestrator.kill9();
      long completedAtKill = completed(workers);
      FaultHarness.report(
          "killed the orchestrator at %d ms: %d submissions answered, %d tasks completed by"
              + " workers",
          (System.nanoTime() - started) / 1_000_000, submittedBeforeKill, completedAtKill);
      assertThat(completedAtKill).as("tasks left to do after the kill").isLessThan(TASKS);

      orchestrator.restart();
      var ids = TaskLoad.join(submissions);
      FaultHarness.report(
          "all %d submissions answered at %d ms",
          ids.size(), (System.nanoTime() - started) / 1_000_000);
      assertThat(new HashSet<>(ids)).as("one task per idempotency key").hasSize(TASKS);

      load.awaitTerminal(ids, Duration.ofMinutes(4));
      FaultHarness.report(
          "all %d tasks terminal at %d ms", TASKS, (System.nanoTime() - started) / 1_000_000);

      var keyById = new HashMap<UUID, String>();
      for (int i = 0; i < TASKS; i++) {
        keyById.put(ids.get(i), bodies.get(i).get("idempotencyKey").asString());
      }
      var verified = load.verifyAll(ids, "COMPLETED", id -> expectedResults.get(keyById.get(id)));
      FaultHarness.report("transitions over all tasks: %s", TaskLoad.appliedTriggers(verified));
      FaultHarness.report(
          "workers: %d completed, %d duplicates acked without running",
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
}
