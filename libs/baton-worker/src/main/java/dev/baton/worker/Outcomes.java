package dev.baton.worker;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskResultEvent;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** Turns what a handler returned or threw into the attempt's {@code task.result} event. */
final class Outcomes {

  /** {@link TaskError#type()} of an attempt the orchestrator cancelled. */
  static final String CANCELLED = "CANCELLED";

  private final ProtocolCodec codec;
  private final String workerId;
  private final Clock clock;

  Outcomes(ProtocolCodec codec, String workerId, Clock clock) {
    this.codec = codec;
    this.workerId = workerId;
    this.clock = clock;
  }

  TaskResultEvent completed(TaskDispatch dispatch, Object value) {
    JsonNode result;
    try {
      result = toJson(value);
    } catch (RuntimeException e) {
      // The same handler would return an unserialisable value again: retrying cannot help.
      var error =
          new TaskError(
              "the handler's result cannot be written as JSON: " + e.getMessage(),
              e.getClass().getName(),
              false);
      return TaskResultEvent.failed(
          dispatch.taskId(), dispatch.attempt(), workerId, error, clock.instant());
    }
    return TaskResultEvent.completed(
        dispatch.taskId(), dispatch.attempt(), workerId, result, clock.instant());
  }

  TaskResultEvent failed(TaskDispatch dispatch, Throwable thrown) {
    return TaskResultEvent.failed(
        dispatch.taskId(), dispatch.attempt(), workerId, errorOf(thrown), clock.instant());
  }

  TaskResultEvent cancelled(TaskDispatch dispatch) {
    var error = new TaskError("cancelled by the orchestrator", CANCELLED, false);
    return TaskResultEvent.failed(
        dispatch.taskId(), dispatch.attempt(), workerId, error, clock.instant());
  }

  /** The attempt's dispatch cannot be decoded: running it again cannot help. */
  TaskResultEvent malformed(MalformedDispatch attempt, String reason) {
    var error =
        new TaskError(
            "the worker cannot read this dispatch: " + reason, MalformedDispatch.ERROR_TYPE, false);
    return TaskResultEvent.failed(
        attempt.taskId(), attempt.attempt(), workerId, error, clock.instant());
  }

  JsonNode toJson(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    return codec.valueToTree(value);
  }

  static TaskError errorOf(Throwable thrown) {
    var message = thrown.getMessage() != null ? thrown.getMessage() : thrown.toString();
    return new TaskError(
        message, thrown.getClass().getName(), !(thrown instanceof NonRetryableException));
  }
}
