package dev.baton.orchestrator.task;

import java.time.Instant;

/**
 * The named operations of {@link Task} that carry out a transition, each with the facts of the
 * event it takes. A row of {@link TaskTransitionTable} names one; the row also guarantees which
 * events reach it.
 */
public enum TaskOperation {
  MARK_QUEUED {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.markQueued(now);
    }
  },
  ASSIGN {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.assign(event.workerId(), now);
    }
  },
  START {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.start(event.workerId(), event.progress(), now);
    }
  },
  /** Progress of a running attempt: kept on the task, without a history row each. */
  RECORD_PROGRESS {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.recordProgress(event.workerId(), event.progress(), now);
    }

    @Override
    boolean recordsHistory() {
      return false;
    }
  },
  COMPLETE {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.complete(event.workerId(), event.startedAt(), event.resultJson(), now);
    }
  },
  FAIL {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      recordRunOfAResult(task, event);
      task.fail(event.error(), now);
    }
  },
  SCHEDULE_RETRY {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      recordRunOfAResult(task, event);
      task.scheduleRetry(event.error(), now);
    }
  },
  CANCEL {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.cancel(now);
    }
  },
  RESUBMIT {
    @Override
    void carryOut(Task task, TaskEvent event, Instant now) {
      task.resubmit(now);
    }
  };

  /** Changes {@code task} as {@code event} asks, at {@code now}. */
  abstract void carryOut(Task task, TaskEvent event, Instant now);

  /** Whether a history row records it (progress reports are kept on the task only). */
  boolean recordsHistory() {
    return true;
  }

  /** A worker's result names the worker that ran the attempt; a timeout or a lost worker do not. */
  private static void recordRunOfAResult(Task task, TaskEvent event) {
    if (event instanceof TaskEvent.Failed failed) {
      task.recordRun(failed.workerId(), failed.startedAt());
    }
  }
}
