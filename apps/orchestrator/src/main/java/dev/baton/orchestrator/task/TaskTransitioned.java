package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;

/**
 * An applied transition, or a new task ({@code from} null). A transaction's are published together
 * after it commits, as one {@link TasksTransitioned}; metrics and the relay listen to that.
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
