package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker closes every AMQP connection ({@code rabbitmqctl close_all_connections}) while tasks
 * flow, twice. The orchestrator's and the workers' consumers must come back by themselves — checked
 * on the broker (every queue has its consumers again) and by the work (each worker completes tasks
 * after the last close, the run completes exactly once, and the task queues drain): a consumer that
 * is registered again but silently stopped delivering would fail one of these.
 */
class FaultConnectionsClosedIT {

  private static final int TASKS = 1_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void allBrokerConnectionsClosedUnderLoadRecover() {
    var rabbitmqctl = faults.rabbitmqctl();
    var orchestrator = faults.startOrchestrator(Map.of("BATON_TASKS_BACKOFF_INITIAL", "200ms"));
    List<BatonWorker> workers =
        List.of(faults.startInProcessWorker(4), faults.startInProcessWorker(4));
    // The orchestrator consumes its events queue; each worker consumes every task type's queue.
    var topology = faults.topology();
    var expectedConsumers = new TreeMap<String, Integer>();
    expectedConsumers.put(topology.orchestratorEventsQueue(), 1);
    FaultHarness.EXAMPLE_TYPES.forEach(type -> expectedConsumers.put(topology.taskQueue(type), 2));
    awaitConsumers(rabbitmqctl, expectedConsumers, "before the first close");

    var bodies = TaskLoad.echoAndSleep(faults.prefix(), 0, TASKS, 400);
    try (var load = new TaskLoad(orchestrator.http(), 4)) {
      var submissions = load.submitAll(bodies, Duration.ofMinutes(3));
      var completedAtLastClose = new long[workers.size()];
      for (int fraction : new int[] {4, 2}) {
        await("1/" + fraction + " of the tasks completed")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> completed(workers) >= TASKS / fraction);
        long completedBefore = completed(workers);
        var output = rabbitmqctl.closeAllConnections("test");
        for (int w = 0; w < workers.size(); w++) {
          completedAtLastClose[w] = workers.get(w).completedCount();
        }
        long completedAfter = completed(workers);
        FaultHarness.report(
            "closed every connection (%s) with %d..%d of %d tasks completed",
            output.strip().replace('\n', ' '), completedBefore, completedAfter, TASKS);
        assertThat(completedAfter).as("tasks left to do after the close").isLessThan(TASKS);
        awaitConsumers(rabbitmqctl, expectedConsumers, "after closing every connection");
      }

      var ids = TaskLoad.join(submissions);
      load.awaitTerminal(ids, Duration.ofMinutes(4));
      var verified = load.verifyAll(ids, "COMPLETED", null);
      load.assertCounts(TASKS, "COMPLETED");
      FaultHarness.report("history entries over all tasks: %s", TaskLoad.triggerCounts(verified));
      for (int w = 0; w < workers.size(); w++) {
        FaultHarness.report(
            "worker %s: %d attempts completed (%d after the last close), %d duplicate deliveries",
            workers.get(w).workerId(),
            workers.get(w).completedCount(),
            workers.get(w).completedCount() - completedAtLastClose[w],
            workers.get(w).duplicateCount());
        assertThat(workers.get(w).completedCount())
            .as("worker %s kept working after the last close", workers.get(w).workerId())
            .isGreaterThan(completedAtLastClose[w]);
      }
    }
    awaitConsumers(rabbitmqctl, expectedConsumers, "at the end of the run");
    var taskQueues = FaultHarness.EXAMPLE_TYPES.stream().map(topology::taskQueue).toList();
    await("the task queues drained")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(rabbitmqctl.queues(faults.prefix()).values())
                    .filteredOn(q -> taskQueues.contains(q.name()))
                    .allSatisfy(q -> assertThat(q.messages()).as(q.name()).isZero()));
  }

  private void awaitConsumers(Rabbitmqctl rabbitmqctl, Map<String, Integer> expected, String when) {
    var seen = new TreeMap<String, Integer>();
    await("every queue has its consumers " + when)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              seen.clear();
              rabbitmqctl
                  .queues(faults.prefix())
                  .forEach((name, q) -> seen.put(name, q.consumers()));
              assertThat(seen).containsAllEntriesOf(expected);
            });
    FaultHarness.report("consumers %s: %s", when, seen);
  }

  private static long completed(List<BatonWorker> workers) {
    return workers.stream().mapToLong(BatonWorker::completedCount).sum();
  }
}
