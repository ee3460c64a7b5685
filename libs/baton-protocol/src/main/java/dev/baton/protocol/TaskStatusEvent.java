package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_TASK_STATUS}: the worker received the
 * attempt ({@code ASSIGNED}), started it ({@code RUNNING}) or reports {@code PROGRESS}.
 *
 * <p>{@code redelivered} (optional, default false) says the broker delivered the dispatch to this
 * worker as a redelivery: an earlier consumer got it and never acked it (its connection or channel
 * closed). The orchestrator then lets this worker take the attempt over from the one that held it.
 */
public record TaskStatusEvent(
    int v,
    UUID taskId,
    int attempt,
    String workerId,
    Status status,
    Integer progress,
    String message,
    Instant at,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean redelivered)
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
    workerId = Checks.storable(workerId);
    message = Checks.storable(message);
    Checks.required(status, "task.status", "status");
    if (progress != null && (progress < 0 || progress > 100)) {
      throw new IllegalArgumentException(
          "task.status: field \"progress\" must be 0..100, got " + progress);
    }
  }

  /** An event of a first delivery ({@code redelivered} false). */
  public TaskStatusEvent(
      int v,
      UUID taskId,
      int attempt,
      String workerId,
      Status status,
      Integer progress,
      String message,
      Instant at) {
    this(v, taskId, attempt, workerId, status, progress, message, at, false);
  }

  public static TaskStatusEvent of(
      UUID taskId, int attempt, String workerId, Status status, Instant at) {
    return new TaskStatusEvent(
        ProtocolVersion.CURRENT, taskId, attempt, workerId, status, null, null, at);
  }
}
