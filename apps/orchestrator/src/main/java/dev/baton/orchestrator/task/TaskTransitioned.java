package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;

/**
 * Published (as a Spring application event, inside the transaction) for every applied transition
 * and every new task ({@code from} null); metrics listen after commit.
 */
public record TaskTransitioned(
    String type,
    TaskStatus from,
    TaskStatus to,
    Instant createdAt,
    Instant queuedAt,
    Instant startedAt,
    Instant completedAt) {

  static TaskTransitioned of(Task task, TaskStatus from) {
    return new TaskTransitioned(
        task.type(),
        from,
        task.status(),
        task.createdAt(),
        task.queuedAt(),
        task.startedAt(),
        task.completedAt());
  }
}
