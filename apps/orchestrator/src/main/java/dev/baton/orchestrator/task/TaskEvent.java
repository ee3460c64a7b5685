package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;
import java.time.Instant;

/**
 * Something that asks a task to change state, with the facts it carries. Worker events over AMQP,
 * HTTP pull reports, the broker's confirms, the sweeper and admin commands are all translated into
 * one of these and decided by {@link TaskStateMachine} through {@link TaskTransitionTable}.
 *
 * <p>The accessors with defaults are the facts an event may carry; each record carries the ones
 * that belong to it (a record component of the same name implements the accessor).
 */
public sealed interface TaskEvent {

  /** The trigger it is, as recorded in the task's history ({@code trigger_name}). */
  Trigger kind();

  /**
   * The attempt it reports on; commands ({@link Cancel}, {@link Retry}) concern the current one.
   */
  default int attempt() {
    return 0;
  }

  /** The worker that reported it, or the worker it concerns; null when there is none. */
  default String workerId() {
    return null;
  }

  default Integer progress() {
    return null;
  }

  default String resultJson() {
    return null;
  }

  default TaskError error() {
    return null;
  }

  /** A note for the history row. */
  default String message() {
    return null;
  }

  /**
   * The reporting worker got the dispatch as a broker redelivery: the worker that held the attempt
   * before may be taken over from (see {@link TaskStateMachine}).
   */
  default boolean redelivered() {
    return false;
  }

  /** When the reporting worker's handler started, as a result says it (v1.1). */
  default Instant startedAt() {
    return null;
  }

  /** For a failure: whether it allows another attempt (if attempts are left). */
  default boolean retryable() {
    return true;
  }

  /** The broker confirmed the dispatch of {@code attempt} (or the relay queued it without one). */
  record DispatchConfirmed(int attempt, String message) implements TaskEvent {
    public DispatchConfirmed(int attempt) {
      this(attempt, null);
    }

    @Override
    public Trigger kind() {
      return Trigger.DISPATCH_CONFIRMED;
    }
  }

  /** An AMQP worker reported it received the attempt. */
  record Assigned(int attempt, String workerId, String message, boolean redelivered)
      implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_ASSIGNED;
    }
  }

  /**
   * An HTTP pull worker claimed the attempt: recorded as {@code WORKER_ASSIGNED}, and in addition
   * its dispatch, if not published yet, is withdrawn so that no AMQP worker gets a copy.
   */
  record Claimed(int attempt, String workerId) implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_ASSIGNED;
    }
  }

  /** A worker reported the handler started. */
  record Running(
      int attempt, String workerId, Integer progress, String message, boolean redelivered)
      implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_RUNNING;
    }
  }

  /** A worker reported progress of a running attempt. */
  record Progress(
      int attempt, String workerId, Integer progress, String message, boolean redelivered)
      implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_PROGRESS;
    }
  }

  /** A worker reported the attempt succeeded with {@code resultJson}. */
  record Completed(
      int attempt, String workerId, String resultJson, Instant startedAt, boolean redelivered)
      implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_COMPLETED;
    }
  }

  /** A worker reported the attempt failed; retried if the error is retryable. */
  record Failed(
      int attempt, String workerId, TaskError error, Instant startedAt, boolean redelivered)
      implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_FAILED;
    }

    @Override
    public boolean retryable() {
      return error.isRetryable();
    }
  }

  /** The attempt, held by {@code workerId}, passed its deadline. */
  record TimedOut(int attempt, String workerId, TaskError error) implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.ATTEMPT_TIMED_OUT;
    }
  }

  /** The worker holding the attempt went offline. */
  record WorkerLost(int attempt, String workerId, TaskError error) implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.WORKER_LOST;
    }
  }

  /** An admin or producer cancelled the task. */
  record Cancel() implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.CANCEL;
    }
  }

  /** An admin asked for a new attempt of a failed or cancelled task. */
  record Retry() implements TaskEvent {
    @Override
    public Trigger kind() {
      return Trigger.RETRY;
    }
  }
}
