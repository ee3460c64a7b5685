package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.Map;

/** Counts of tasks by state; every state is present, zeros included. */
public record TaskStats(long total, Map<TaskStatus, Long> byStatus) {

  static TaskStats of(Iterable<Object[]> rows) {
    var counts = new EnumMap<TaskStatus, Long>(TaskStatus.class);
    for (var status : TaskStatus.values()) {
      counts.put(status, 0L);
    }
    long total = 0;
    for (var row : rows) {
      long n = ((Number) row[1]).longValue();
      counts.put((TaskStatus) row[0], n);
      total += n;
    }
    return new TaskStats(total, counts);
  }
}
