package dev.baton.orchestrator.task;

/**
 * The kinds of {@link TaskEvent}, by the names a task's history stores ({@code trigger_name}); the
 * names are part of the stored data and must not change.
 */
public enum Trigger {
  /** The broker confirmed the dispatch of the attempt. */
  DISPATCH_CONFIRMED,
  /** A worker reported it received the attempt. */
  WORKER_ASSIGNED,
  /** A worker reported the handler started. */
  WORKER_RUNNING,
  /** A worker reported progress of a running attempt. */
  WORKER_PROGRESS,
  /** A worker reported the attempt succeeded. */
  WORKER_COMPLETED,
  /** A worker reported the attempt failed. */
  WORKER_FAILED,
  /** The attempt passed its deadline. */
  ATTEMPT_TIMED_OUT,
  /** The worker holding the attempt went offline. */
  WORKER_LOST,
  /** An admin or producer cancelled the task. */
  CANCEL,
  /** An admin asked for a new attempt of a failed or cancelled task. */
  RETRY;

  /** Triggers that report on one attempt and are ignored when they name another one. */
  boolean concernsAnAttempt() {
    return this != CANCEL && this != RETRY;
  }

  /** Triggers that a worker reports (as opposed to the broker, the sweeper or an admin). */
  boolean isWorkerReport() {
    return switch (this) {
      case WORKER_ASSIGNED, WORKER_RUNNING, WORKER_PROGRESS, WORKER_COMPLETED, WORKER_FAILED ->
          true;
      case DISPATCH_CONFIRMED, ATTEMPT_TIMED_OUT, WORKER_LOST, CANCEL, RETRY -> false;
    };
  }
}
