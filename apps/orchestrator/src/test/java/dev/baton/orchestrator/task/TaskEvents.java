package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;
import java.time.Instant;
import java.util.List;

/** Sample events of every kind, for the tests of the state machine. */
final class TaskEvents {

  /** Every kind of event, in the order the tables of the tests list them. */
  static final List<Class<? extends TaskEvent>> KINDS =
      List.of(
          TaskEvent.DispatchConfirmed.class,
          TaskEvent.Assigned.class,
          TaskEvent.Claimed.class,
          TaskEvent.Running.class,
          TaskEvent.Progress.class,
          TaskEvent.Completed.class,
          TaskEvent.Failed.class,
          TaskEvent.TimedOut.class,
          TaskEvent.WorkerLost.class,
          TaskEvent.Cancel.class,
          TaskEvent.Retry.class);

  private TaskEvents() {}

  /** An event of {@code kind} about {@code attempt}, reported by (or concerning) {@code worker}. */
  static TaskEvent of(Class<? extends TaskEvent> kind, int attempt, String worker) {
    return of(kind, attempt, worker, true, false);
  }

  static TaskEvent of(
      Class<? extends TaskEvent> kind,
      int attempt,
      String worker,
      boolean retryable,
      boolean redelivered) {
    var error = new TaskError("boom", "X", retryable);
    if (kind == TaskEvent.DispatchConfirmed.class) {
      return new TaskEvent.DispatchConfirmed(attempt);
    } else if (kind == TaskEvent.Assigned.class) {
      return new TaskEvent.Assigned(attempt, worker, null, redelivered);
    } else if (kind == TaskEvent.Claimed.class) {
      return new TaskEvent.Claimed(attempt, worker);
    } else if (kind == TaskEvent.Running.class) {
      return new TaskEvent.Running(attempt, worker, null, null, redelivered);
    } else if (kind == TaskEvent.Progress.class) {
      return new TaskEvent.Progress(attempt, worker, 50, null, redelivered);
    } else if (kind == TaskEvent.Completed.class) {
      return new TaskEvent.Completed(attempt, worker, "{}", Instant.EPOCH, redelivered);
    } else if (kind == TaskEvent.Failed.class) {
      return new TaskEvent.Failed(attempt, worker, error, null, redelivered);
    } else if (kind == TaskEvent.TimedOut.class) {
      return new TaskEvent.TimedOut(attempt, worker, error);
    } else if (kind == TaskEvent.WorkerLost.class) {
      return new TaskEvent.WorkerLost(attempt, worker, error);
    } else if (kind == TaskEvent.Cancel.class) {
      return new TaskEvent.Cancel();
    } else if (kind == TaskEvent.Retry.class) {
      return new TaskEvent.Retry();
    }
    throw new IllegalArgumentException("no sample of " + kind);
  }

  /** A decision in a line: {@code "RETRYING SCHEDULE_RETRY DISPATCH_AFTER_BACKOFF"}, or why not. */
  static String describe(Decision decision) {
    return switch (decision.kind()) {
      case APPLY -> {
        var parts = new StringBuilder(decision.to() + " " + decision.operation());
        decision.followUps().forEach(f -> parts.append(' ').append(f));
        yield parts.toString();
      }
      case IGNORE -> "ignore: " + decision.reason() + followUps(decision);
      case REJECT -> "reject: " + decision.reason() + followUps(decision);
    };
  }

  private static String followUps(Decision decision) {
    return decision.followUps().isEmpty() ? "" : " then " + decision.followUps();
  }
}
