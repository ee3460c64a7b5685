package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.task.Task;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The answer to an accepted heartbeat, complete or fail.
 *
 * @param attempt the attempt reported on
 * @param status the task's state now ({@code RUNNING}; {@code COMPLETED}; {@code RETRYING} or
 *     {@code FAILED})
 * @param leaseExpiresAt while the worker still holds the attempt: when its lease runs out
 */
record ReportResponse(UUID id, int attempt, TaskStatus status, Instant leaseExpiresAt) {

  static ReportResponse of(Task t, int attempt) {
    return new ReportResponse(
        t.id(), attempt, t.status(), t.status().isWithWorker() ? t.deadlineAt() : null);
  }
}
