package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_TASK_RESULT}: the attempt ended. A {@code
 * COMPLETED} outcome carries {@code result}; a {@code FAILED} one carries {@code error}. {@code
 * redelivered} as in {@link TaskStatusEvent}.
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

  /** A result of a first delivery ({@code redelivered} false). */
  public TaskResultEvent(
      int v,
      UUID taskId,
      int attempt,
      String workerId,
      Outcome outcome,
      JsonNode result,
      TaskError error,
      Instant at) {
    this(v, taskId, attempt, workerId, outcome, result, error, at, false);
  }

  /** This result, saying whether the dispatch it answers came as a broker redelivery. */
  public TaskResultEvent withRedelivered(boolean redelivered) {
    return redelivered == this.redelivered
        ? this
        : new TaskResultEvent(
            v, taskId, attempt, workerId, outcome, result, error, at, redelivered);
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
