package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every AMQP connection is closed by the broker ({@code rabbitmqctl close_all_connections}) while
 * tasks flow, twice: the orchestrator's and the workers' consumers must come back by themselves
 * (checked on the broker: each queue has its consumers again) and the run completes exactly once.
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
    var topology = faults.topology();
    // The orchestrator consumes its events queue; each worker consumes every task type's queue.
    var expectedConsumers = new HashMap<String, Integer>();
    expectedConsumers.put(topology.orchestratorEventsQueue(), 1);
    FaultHarness.EXAMPLE_TYPES.forEach(type -> expectedConsumers.put(topology.taskQueue(type), 2));
    awaitConsumers(rabbitmqctl, expectedConsumers, "before the first close");

    var bodies = new ArrayList<ObjectNode>();
    for (int i = 0; i < TASKS; i++) {
      var input = JsonHttp.JSON.createObjectNode();
      var key = faults.prefix() + "-" + i;
      bodies.add(
          i % 10 == 0
              ? TaskLoad.task("sleep", input.put("ms", 5), key)
              : TaskLoad.task("echo", input.put("n", i), key));
    }
    try (var load = new TaskLoad(orchestrator.http(), 4)) {
      var submissions = load.submitAll(bodies, Duration.ofMinutes(3));
      for (int fraction : new int[] {4, 2}) {
        await("1/" + fraction + " of the tasks completed")
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> completed(workers) >= TASKS / fraction);
        var output = rabbitmqctl.closeAllConnections("test");
        long completedAtClose = completed(workers);
        FaultHarness.report(
            "closed all connections with %d of %d tasks completed: %s",
            completedAtClose, TASKS, output.strip().replace('\n', ' '));
        assertThat(completedAtClose).as("tasks left to do after the close").isLessThan(TASKS);
        awaitConsumers(rabbitmqctl, expectedConsumers, "after closing every connection");
      }
      var ids = TaskLoad.join(submissions);
      load.awaitTerminal(ids, Duration.ofMinutes(4));
      var verified = load.verifyAll(ids, "COMPLETED", null);
      FaultHarness.report("transitions over all tasks: %s", TaskLoad.appliedTriggers(verified));
      FaultHarness.report(
          "workers: %d completed, %d duplicates acked without running",
          completed(workers), workers.stream().mapToLong(BatonWorker::duplicateCount).sum());
    }
    // The consumers are still there at the end: none came back only to stop again.
    awaitConsumers(rabbitmqctl, expectedConsumers, "at the end of the run");
  }

  private void awaitConsumers(Rabbitmqctl rabbitmqctl, Map<String, Integer> expected, String when) {
    var seen = new HashMap<String, Integer>();
    await("every queue has its consumers " + when)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              seen.clear();
              seen.putAll(rabbitmqctl.consumersByQueue(faults.prefix()));
              assertThat(seen).containsAllEntriesOf(expected);
            });
    FaultHarness.report("consumers %s: %s", when, seen);
  }

  private static long completed(List<BatonWorker> workers) {
    return workers.stream().mapToLong(BatonWorker::completedCount).sum();
  }
}
