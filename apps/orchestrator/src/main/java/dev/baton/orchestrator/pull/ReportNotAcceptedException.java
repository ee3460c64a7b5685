package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.task.Task;

/**
 * A pull worker's report changed nothing: a stale attempt, an attempt the worker does not hold, or
 * a finished task. Answered {@code 409}; the task's history records the report as ignored.
 */
class ReportNotAcceptedException extends RuntimeException {

  private final transient Task task;

  ReportNotAcceptedException(Task task, String reason) {
    super(reason);
    this.task = task;
  }

  Task task() {
    return task;
  }
}
