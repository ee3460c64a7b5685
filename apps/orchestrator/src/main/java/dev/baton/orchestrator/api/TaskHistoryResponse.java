package dev.baton.orchestrator.api;

import dev.baton.orchestrator.task.TaskHistoryEntry;
import dev.baton.orchestrator.task.Trigger;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;

/**
 * One entry of {@code GET /api/v1/tasks/{id}/events}: what happened ({@code trigger}; null for the
 * creation), whether it changed the task ({@code outcome}), and why not when it did not.
 */
public record TaskHistoryResponse(
    long seq,
    Instant at,
    int attempt,
    Trigger trigger,
    TaskStatus from,
    TaskStatus to,
    TaskHistoryEntry.Outcome outcome,
    String reason,
    String workerId,
    String detail) {

  static TaskHistoryResponse of(TaskHistoryEntry e) {
    return new TaskHistoryResponse(
        e.id(),
        e.at(),
        e.attempt(),
        e.trigger(),
        e.fromStatus(),
        e.toStatus(),
        e.outcome(),
        e.reason(),
        e.workerId(),
        e.detail());
  }
}
