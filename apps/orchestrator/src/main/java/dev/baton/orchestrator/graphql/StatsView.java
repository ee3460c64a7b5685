package dev.baton.orchestrator.graphql;

import dev.baton.orchestrator.task.TaskStats;
import dev.baton.protocol.TaskStatus;
import java.util.List;

/** The {@code Stats} type: every state in declaration order, zeros included, like REST's map. */
record StatsView(long total, List<StatusCount> byStatus) {

  record StatusCount(TaskStatus status, long count) {}

  static StatsView of(TaskStats stats) {
    return new StatsView(
        stats.total(),
        stats.byStatus().entrySet().stream()
            .map(e -> new StatusCount(e.getKey(), e.getValue()))
            .toList());
  }
}
