package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TestDatabase;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two orchestrators on one PostgreSQL database and one broker, no leader, four workers, 5,000 tasks
 * submitted to both. One orchestrator dies by SIGKILL mid-run and stays dead: the survivor finishes
 * everything — the events the dead one had not applied come back to the survivor's consumer, the
 * dispatches it had leased fall due again, and scheduled tasks submitted to it are dispatched by
 * the survivor's relay — and every task completes exactly once.
 */
class ScaleOutIT {

  private static final int TASKS = 5_000;
  private static final int SCHEDULED = 100;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @BeforeAll
  static void onPostgresOnly() {
    Assumptions.assumeTrue(
        TestDatabase.isPostgres(), "several orchestrators need PostgreSQL (BATON_TEST_DATABASE)");
    var unavailable = TestDatabase.unavailableReason();
    Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
  }

  @Test
  void twoOrchestratorsOneKilledEveryTaskCompletesExactlyOnce() {
    var settings =
        Map.of("BATON_TASKS_BACKOFF_INITIAL", "200ms", "BATON_SWEEPER_INTERVAL", "200ms");
    var doomed = faults.startOrchestrator(settings);
    var survivor = faults.startOrchestrator(settings);
    List<BatonWorker> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(faults.startInProcessWorker(4));
    }

    var toDoomed = new ArrayList<ObjectNode>();
    var toSurvivor = new ArrayList<ObjectNode>();
    for (int i = 0; i < TASKS; i++) {
      var body =
          TaskLoad.task(
              i % 10 == 0 ? "sleep" : "echo",
              JsonHttp.JSON.createObjectNode().put(i % 10 == 0 ? "ms" : "n", i % 10 == 0 ? 3 : i),
              faults.prefix() + "-" + i);
      (i % 2 == 0 ? toDoomed : toSurvivor).add(body);
    }
    // Due well after the kill: only the survivor's relay can dispatch them.
    var runAt = Instant.now().plusSeconds(40).toString();
    for (int i = 0; i < SCHEDULED; i++) {
      toDoomed.add(
          TaskLoad.task(
                  "echo",
                  JsonHttp.JSON.createObjectNode().put("scheduled", i),
                  faults.prefix() + "-s" + i)
              .put("runAt", runAt));
    }

    try (var loadSurvivor = new TaskLoad(survivor.http(), 3)) {
      long started = System.nanoTime();
      // The doomed one's share in batches, all stored before the run; the survivor's one by one,
      // still arriving when the other dies.
      var ids = new ArrayList<UUID>(submitInBatches(doomed.http(), toDoomed));
      var second = loadSurvivor.submitAll(toSurvivor, Duration.ofMinutes(3));

      await("a third of the tasks completed")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completed(workers) >= TASKS / 3);
      doomed.kill9();
      FaultHarness.report(
          "killed one orchestrator at %d ms with %d of %d tasks completed, %d submissions answered",
          (System.nanoTime() - started) / 1_000_000,
          completed(workers),
          TASKS + SCHEDULED,
          ids.size() + second.stream().filter(java.util.concurrent.Future::isDone).count());
      assertThat(completed(workers)).as("work left for the survivor").isLessThan(TASKS);

      ids.addAll(TaskLoad.join(second));
      assertThat(new HashSet<>(ids)).hasSize(TASKS + SCHEDULED);
      loadSurvivor.awaitTerminal(ids, Duration.ofMinutes(5));
      FaultHarness.report(
          "all %d tasks terminal at %d ms", ids.size(), (System.nanoTime() - started) / 1_000_000);
      var verified = loadSurvivor.verifyAll(ids, "COMPLETED", id -> null);
      loadSurvivor.assertCounts(TASKS + SCHEDULED, "COMPLETED");
      FaultHarness.report("history entries over all tasks: %s", TaskLoad.triggerCounts(verified));
    }
  }

  private static List<UUID> submitInBatches(JsonHttp http, List<ObjectNode> bodies) {
    var ids = new ArrayList<UUID>();
    for (int from = 0; from < bodies.size(); from += 500) {
      var batch = JsonHttp.JSON.createObjectNode();
      var tasks = batch.putArray("tasks");
      bodies.subList(from, Math.min(bodies.size(), from + 500)).forEach(tasks::add);
      var response = http.post("/api/v1/tasks/batch", batch);
      assertThat(response.status()).as(response.body()).isEqualTo(201);
      response.json().get("ids").forEach(id -> ids.add(UUID.fromString(id.asString())));
    }
    return ids;
  }

  private static long completed(List<BatonWorker> workers) {
    return workers.stream().mapToLong(BatonWorker::completedCount).sum();
  }
}
