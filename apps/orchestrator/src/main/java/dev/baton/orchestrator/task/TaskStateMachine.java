package dev.baton.orchestrator.task;

import static dev.baton.protocol.TaskStatus.ASSIGNED;
import static dev.baton.protocol.TaskStatus.CANCELLED;
import static dev.baton.protocol.TaskStatus.COMPLETED;
import static dev.baton.protocol.TaskStatus.FAILED;
import static dev.baton.protocol.TaskStatus.QUEUED;
import static dev.baton.protocol.TaskStatus.RETRYING;
import static dev.baton.protocol.TaskStatus.RUNNING;
import static dev.baton.protocol.TaskStatus.SUBMITTED;

import dev.baton.protocol.TaskStatus;

/**
 * The one place that decides every task transition of the v1 protocol. Pure: no clock, no I/O, so
 * every (state, trigger) pair is unit-tested.
 *
 * <p>Rules beyond the diagram in PROTOCOL.md:
 *
 * <ul>
 *   <li>An event for an attempt other than the current one is ignored (stale or from the future).
 *   <li>A worker event may overtake the broker's confirm of the dispatch (the worker is faster than
 *       the confirm's bookkeeping): from a not-yet-confirmed state it moves the task forward
 *       anyway, since the worker's report proves the dispatch arrived.
 *   <li>An event that would move the task backwards (ASSIGNED after RUNNING) or repeats the current
 *       state is ignored.
 * </ul>
 */
public final class TaskStateMachine {

  /**
   * Decides what {@code trigger} does to a task in {@code state}.
   *
   * @param eventAttempt the attempt the trigger is about; ignored for CANCEL and RETRY
   * @param retryable for failures: whether the failure allows another attempt
   */
  public Decision decide(TaskState state, Trigger trigger, int eventAttempt, boolean retryable) {
    return decide(state, trigger, eventAttempt, retryable, null);
  }

  /**
   * Decides {@code trigger}, reported by {@code eventWorker} (null when the orchestrator itself is
   * the source), for a first delivery of the dispatch.
   */
  public Decision decide(
      TaskState state, Trigger trigger, int eventAttempt, boolean retryable, String eventWorker) {
    return decide(state, trigger, eventAttempt, retryable, eventWorker, false);
  }

  /**
   * Decides {@code trigger}, reported by {@code eventWorker} (null when the orchestrator itself is
   * the source). Once a worker holds the attempt, reports of another worker about the same attempt
   * are ignored: a dispatch delivered twice (republished after a crash, or claimed over HTTP while
   * also queued) runs on at most one worker whose reports count.
   *
   * <p>Except when the other worker got the dispatch as a broker redelivery ({@code redelivered}):
   * the broker hands an unacked dispatch to another consumer only once the holder's channel is gone
   * (its worker died, lost its connection, or outlived the broker's acknowledgement timeout), so
   * the holder can no longer finish it as the broker sees it. The reporter then takes the attempt
   * over — decided as if the attempt were back in the queue — and the former holder's later reports
   * are ignored. The attempt is not counted again: it never ended.
   */
  public Decision decide(
      TaskState state,
      Trigger trigger,
      int eventAttempt,
      boolean retryable,
      String eventWorker,
      boolean redelivered) {
    var status = state.status();
    if (trigger.concernsAnAttempt()) {
      if (status.isTerminal()) {
        return Decision.ignore("task is already " + status);
      }
      if (eventAttempt != state.attempt()) {
        return Decision.ignore(
            "event for attempt " + eventAttempt + ", current attempt is " + state.attempt());
      }
    }
    if (trigger.isWorkerReport()
        && status.isWithWorker()
        && state.workerId() != null
        && eventWorker != null
        && !state.workerId().equals(eventWorker)) {
      if (redelivered) {
        var backInQueue = new TaskState(QUEUED, state.attempt(), state.maxRetries(), null);
        var decision = decide(backInQueue, trigger, eventAttempt, retryable, eventWorker, false);
        return decision.applied() ? decision.takingOverFrom(state.workerId()) : decision;
      }
      return Decision.ignore(
          "attempt "
              + state.attempt()
              + " is held by worker "
              + state.workerId()
              + ", not "
              + eventWorker);
    }
    return switch (trigger) {
      case DISPATCH_CONFIRMED -> awaitingDispatch(status) ? apply(QUEUED) : ignoreAlready(status);
      case WORKER_ASSIGNED ->
          awaitingDispatch(status) || status == QUEUED ? apply(ASSIGNED) : ignoreAlready(status);
      case WORKER_RUNNING, WORKER_PROGRESS -> runningDecision(trigger, status);
      case WORKER_COMPLETED -> apply(COMPLETED);
      case WORKER_FAILED -> failureDecision(state, retryable);
      case ATTEMPT_TIMED_OUT, WORKER_LOST ->
          status.isWithWorker()
              ? failureDecision(state, true)
              : Decision.ignore("attempt is not with a worker (" + status + ")");
      case CANCEL ->
          status.isTerminal()
              ? Decision.reject("task is " + status + "; only non-terminal tasks can be cancelled")
              : apply(CANCELLED);
      case RETRY ->
          status == FAILED || status == CANCELLED
              ? apply(SUBMITTED)
              : Decision.reject(
                  "task is " + status + "; only FAILED or CANCELLED tasks can be retried");
    };
  }

  /**
   * Decides a report of a worker that claimed its attempt explicitly (an HTTP pull worker): as
   * {@link #decide}, and in addition the reporter must hold the attempt. An AMQP worker's report
   * may overtake the dispatch bookkeeping, so it counts even while nobody holds the attempt; a pull
   * worker has nothing to overtake (it claims before it works), so its report about an attempt it
   * does not hold means it never claimed it or lost it, and changes nothing.
   */
  public Decision decideHeldReport(
      TaskState state, Trigger trigger, int eventAttempt, boolean retryable, String eventWorker) {
    var decision = decide(state, trigger, eventAttempt, retryable, eventWorker);
    boolean holds =
        state.status().isWithWorker()
            && state.workerId() != null
            && state.workerId().equals(eventWorker);
    if (decision.applied() && !holds) {
      return Decision.ignore(
          "attempt "
              + eventAttempt
              + " is not held by worker "
              + eventWorker
              + " (task is "
              + state.status()
              + "); claim it first");
    }
    return decision;
  }

  /** Attempts that are allowed in all, for a task with {@code maxRetries} retries. */
  public static int attemptsAllowed(int maxRetries) {
    return maxRetries + 1;
  }

  private static Decision runningDecision(Trigger trigger, TaskStatus status) {
    if (status == RUNNING) {
      return trigger == Trigger.WORKER_PROGRESS
          ? apply(RUNNING)
          : Decision.ignore("duplicate: task is already RUNNING");
    }
    return apply(RUNNING);
  }

  private static Decision failureDecision(TaskState state, boolean retryable) {
    if (!retryable) {
      return apply(FAILED);
    }
    return state.attempt() < attemptsAllowed(state.maxRetries()) ? apply(RETRYING) : apply(FAILED);
  }

  /** States in which the current attempt's dispatch is not confirmed yet. */
  private static boolean awaitingDispatch(TaskStatus status) {
    return switch (status) {
      case SUBMITTED, SCHEDULED, RETRYING -> true;
      case QUEUED, ASSIGNED, RUNNING, COMPLETED, FAILED, CANCELLED -> false;
    };
  }

  private static Decision apply(TaskStatus to) {
    return Decision.apply(to);
  }

  private static Decision ignoreAlready(TaskStatus status) {
    return Decision.ignore("duplicate or out of order: task is already " + status);
  }
}
