package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;

/**
 * What the state machine needs to know of a task.
 *
 * @param workerId the worker holding the current attempt, if any
 */
record TaskState(TaskStatus status, int attempt, int maxRetries, String workerId) {

  public TaskState(TaskStatus status, int attempt, int maxRetries) {
    this(status, attempt, maxRetries, null);
  }
}
