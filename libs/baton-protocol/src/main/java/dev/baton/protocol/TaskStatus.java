package dev.baton.protocol;

/**
 * The states of a task, as the v1 protocol names them. The transitions between them are decided by
 * the orchestrator's state machine; this enum only answers questions about a single state.
 */
public enum TaskStatus {
  /** Waiting for its {@code runAt} instant. */
  SCHEDULED(false),
  /** Persisted and waiting for the broker to confirm its dispatch. */
  SUBMITTED(false),
  /** Dispatched: the broker confirmed the task message. */
  QUEUED(false),
  /** A worker received the task message. */
  ASSIGNED(false),
  /** A worker's handler is running the task. */
  RUNNING(false),
  /** An attempt failed or timed out; the next attempt waits for its backoff. */
  RETRYING(false),
  COMPLETED(true),
  FAILED(true),
  CANCELLED(true);

  private final boolean terminal;

  TaskStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** A terminal task never changes state again, except by an explicit admin retry. */
  public boolean isTerminal() {
    return terminal;
  }

  /** True while a worker holds the current attempt. */
  public boolean isWithWorker() {
    return this == ASSIGNED || this == RUNNING;
  }
}
