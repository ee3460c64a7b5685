package dev.baton.bench;

import dev.baton.bench.process.Broker;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Progress;
import dev.baton.bench.process.Rabbitmqctl;
import dev.baton.protocol.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the run's queues and exchanges from the shared broker at the end. The queue names come
 * from {@code rabbitmqctl list_queues} when it is available (workers may declare more than the
 * orchestrator), otherwise from the topology's known names.
 */
final class RunQueues {

  private static final List<String> EXAMPLE_TYPES = List.of("echo", "sleep", "sha256", "fail");

  private RunQueues() {}

  static void delete(Broker broker, Topology topology) {
    var queues = new ArrayList<String>(listed(topology.prefix() + "."));
    for (var type : EXAMPLE_TYPES) {
      queues.add(topology.taskQueue(type));
    }
    queues.add(topology.orchestratorEventsQueue());
    queues.add(topology.submissionsQueue());
    queues.add(topology.deadLetterQueue());
    var exchanges =
        List.of(
            topology.tasksExchange(),
            topology.eventsExchange(),
            topology.controlExchange(),
            topology.deadLetterExchange());
    // A broker that is restarting (someone else's fault test on a shared machine) gets a minute.
    for (int attempt = 1; ; attempt++) {
      try {
        broker.deleteQueues(queues.stream().distinct().toList(), exchanges);
        Progress.say("deleted the run's queues (prefix %s)", topology.prefix());
        return;
      } catch (RuntimeException e) {
        if (attempt == 12) {
          Progress.say(
              "could not delete the run's queues (delete those named %s.* by hand): %s",
              topology.prefix(), e);
          return;
        }
        Pause.millis(5_000);
      }
    }
  }

  private static List<String> listed(String prefix) {
    // No rabbitmqctl here: only the known names are deleted.
    return Rabbitmqctl.run("list_queues", "name")
        .map(out -> out.lines().map(String::trim).filter(l -> l.startsWith(prefix)).toList())
        .orElse(List.of());
  }
}
