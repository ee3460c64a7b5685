package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_TASK_RESULT} (or one item of a {@link
 * TaskResultBatch}): the attempt ended. A {@code COMPLETED} outcome carries {@code result}; a
 * {@code FAILED} one carries {@code error}. {@code startedAt} (optional, v1.1) is when the handler
 * started, for a worker that reported no {@code RUNNING}; {@code redelivered} as in {@link
 * TaskStatusEvent}.
 */
public record TaskResultEvent(
    int v,
    UUID taskId,
    int attempt,
    String workerId,
    Outcome outcome,
    JsonNode result,
    TaskError error,
    Instant at,
    Instant startedAt,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean redelivered)
    implements WorkerEvent {

  /** How an attempt ended, as the worker reports it. */
  public enum Outcome {
    COMPLETED,
    FAILED
  }

  public TaskResultEvent {
    ProtocolVersion.require(v, "task.result");
    Checks.required(taskId, "task.result", "taskId");
    Checks.positive(attempt, "task.result", "attempt");
    Checks.required(workerId, "task.result", "workerId");
    workerId = Checks.storable(workerId);
    Checks.required(outcome, "task.result", "outcome");
    if (outcome == Outcome.FAILED && error == null) {
      error = new TaskError("worker reported FAILED without an error", "UNKNOWN", true);
    }
  }

  /** A result of a first delivery ({@code redelivered} false), without {@code startedAt}. */
  public TaskResultEvent(
      int v,
      UUID taskId,
      int attempt,
      String workerId,
      Outcome outcome,
      JsonNode result,
      TaskError error,
      Instant at) {
    this(v, taskId, attempt, workerId, outcome, result, error, at, null, false);
  }

  /**
   * This result, with when its handler started and whether the dispatch it answers came as a broker
   * redelivery.
   */
  public TaskResultEvent with(Instant startedAt, boolean redelivered) {
    return new TaskResultEvent(
        v, taskId, attempt, workerId, outcome, result, error, at, startedAt, redelivered);
  }

  public static TaskResultEvent completed(
      UUID taskId, int attempt, String workerId, JsonNode result, Instant at) {
    return new TaskResultEvent(
        ProtocolVersion.CURRENT, taskId, attempt, workerId, Outcome.COMPLETED, result, null, at);
  }

  public static TaskResultEvent failed(
      UUID taskId, int attempt, String workerId, TaskError error, Instant at) {
    return new TaskResultEvent(
        ProtocolVersion.CURRENT, taskId, attempt, workerId, Outcome.FAILED, null, error, at);
  }
}
