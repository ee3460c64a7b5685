package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;

/**
 * The one place that decides every task transition of the v1 protocol: a few guards that are not
 * about the state, then {@link TaskTransitionTable}. Pure: no clock, no I/O, so every (state,
 * event) pair is unit-tested.
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
 *   <li>A worker that reports it received an attempt whose report is ignored (another worker holds
 *       it, or it is over) is asked to stop ({@link FollowUp#STOP_REPORTER}).
 * </ul>
 */
final class TaskStateMachine {

  private final TaskTransitionTable table = new TaskTransitionTable();

  /**
   * Decides {@code event} for a task in {@code state}. Once a worker holds the attempt, reports of
   * another worker about the same attempt are ignored: a dispatch delivered twice (republished
   * after a crash, or claimed over HTTP while also queued) runs on at most one worker whose reports
   * count.
   *
   * <p>Except when the other worker got the dispatch as a broker redelivery ({@link
   * TaskEvent#redelivered}): the broker hands an unacked dispatch to another consumer only once the
   * holder's channel is gone (its worker died, lost its connection, or outlived the broker's
   * acknowledgement timeout), so the holder can no longer finish it as the broker sees it. The
   * reporter then takes the attempt over — decided as if the attempt were back in the queue — and
   * the former holder's later reports are ignored. The attempt is not counted again: it never
   * ended.
   */
  public Decision decide(TaskState state, TaskEvent event) {
    return stoppingAnIgnoredReceiver(state, event, decide(state, event, event.redelivered()));
  }

  /**
   * Decides a report of a worker that claimed its attempt explicitly (an HTTP pull worker): as
   * {@link #decide}, and in addition the reporter must hold the attempt. An AMQP worker's report
   * may overtake the dispatch bookkeeping, so it counts even while nobody holds the attempt; a pull
   * worker has nothing to overtake (it claims before it works), so its report about an attempt it
   * does not hold means it never claimed it or lost it, and changes nothing.
   */
  public Decision decideHeldReport(TaskState state, TaskEvent event) {
    var decision = decide(state, event, false);
    boolean holds =
        state.status().isWithWorker()
            && state.workerId() != null
            && state.workerId().equals(event.workerId());
    if (decision.applied() && !holds) {
      decision =
          Decision.ignore(
              "attempt "
                  + event.attempt()
                  + " is not held by worker "
                  + event.workerId()
                  + " (task is "
                  + state.status()
                  + "); claim it first");
    }
    return stoppingAnIgnoredReceiver(state, event, decision);
  }

  /** Attempts that are allowed in all, for a task with {@code maxRetries} retries. */
  public static int attemptsAllowed(int maxRetries) {
    return maxRetries + 1;
  }

  private Decision decide(TaskState state, TaskEvent event, boolean redelivered) {
    var status = state.status();
    var kind = event.kind();
    // An ended task's own row answers ("task is already ..."), whatever the attempt.
    if (kind.concernsAnAttempt() && !status.isTerminal() && event.attempt() != state.attempt()) {
      return Decision.ignore(
          "event for attempt " + event.attempt() + ", current attempt is " + state.attempt());
    }
    var reporter = event.workerId();
    if (kind.isWorkerReport()
        && status.isWithWorker()
        && state.workerId() != null
        && reporter != null
        && !state.workerId().equals(reporter)) {
      if (redelivered) {
        var backInQueue = new TaskState(TaskStatus.QUEUED, state.attempt(), state.maxRetries());
        var decision = table.decide(backInQueue, event);
        return decision.applied() ? decision.takingOverFrom(state.workerId()) : decision;
      }
      return Decision.ignore(
          "attempt "
              + state.attempt()
              + " is held by worker "
              + state.workerId()
              + ", not "
              + reporter);
    }
    return table.decide(state, event);
  }

  /**
   * A worker that received a copy of an attempt another worker holds, or that is over (the AMQP
   * copy of a task claimed over HTTP, a redelivery, a cancelled task's dispatch), would work in
   * vain: its reports would be ignored.
   */
  private static Decision stoppingAnIgnoredReceiver(
      TaskState state, TaskEvent event, Decision decision) {
    if (event.kind() == Trigger.WORKER_ASSIGNED
        && decision.kind() == Decision.Kind.IGNORE
        && event.workerId() != null
        && !event.workerId().equals(state.workerId())) {
      return decision.also(FollowUp.STOP_REPORTER);
    }
    return decision;
  }
}
