package dev.baton.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_TASK_STATUS}: the worker received the
 * attempt ({@code ASSIGNED}), started it ({@code RUNNING}) or reports {@code PROGRESS}.
 */
public record TaskStatusEvent(
    int v,
    UUID taskId,
    int attempt,
    String workerId,
    Status status,
    Integer progress,
    String message,
    Instant at)
    implements WorkerEvent {

  /** What a status event may report. */
  public enum Status {
    ASSIGNED,
    RUNNING,
    PROGRESS
  }

  public TaskStatusEvent {
    ProtocolVersion.require(v, "task.status");
    Checks.required(taskId, "task.status", "taskId");
    Checks.positive(attempt, "task.status", "attempt");
    Checks.required(workerId, "task.status", "workerId");
    Checks.required(status, "task.status", "status");
    if (progress != null && (progress < 0 || progress > 100)) {
      throw new IllegalArgumentException(
          "task.status: field \"progress\" must be 0..100, got " + progress);
    }
  }

  public static TaskStatusEvent of(
      UUID taskId, int attempt, String workerId, Status status, Instant at) {
    return new TaskStatusEvent(
        ProtocolVersion.CURRENT, taskId, attempt, workerId, status, null, null, at);
  }
}
