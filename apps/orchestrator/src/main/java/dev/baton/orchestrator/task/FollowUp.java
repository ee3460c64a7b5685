package dev.baton.orchestrator.task;

/**
 * What a transition writes to the outbox beside the task's change, in the same transaction. A
 * decision may name several; {@link TaskTransitions} carries them out in declaration order.
 */
public enum FollowUp {
  /**
   * A redelivered dispatch's report took the attempt over: ask the former holder to stop (it may
   * still be alive, only its channel closed).
   */
  STOP_FORMER_HOLDER,
  /** Dispatch the (new) current attempt now. */
  DISPATCH,
  /** Dispatch the next attempt after the task's retry backoff for the failed one. */
  DISPATCH_AFTER_BACKOFF,
  /** Drop the attempt's dispatch if it is not published yet (scheduled, backing off, claimed). */
  WITHDRAW_DISPATCH,
  /**
   * Ask the worker that held the attempt before the change, if any, to stop it: a cancelled,
   * timed-out or lost attempt may still run there (a lost worker may only have lost touch) and
   * would hold a slot; its late result would be ignored anyway.
   */
  STOP_HOLDER,
  /**
   * Ask the reporting worker to stop: it got a copy of an attempt that another worker holds or that
   * is over (the AMQP copy of a task claimed over HTTP, a redelivery, a cancelled task's dispatch),
   * so its work would be ignored.
   */
  STOP_REPORTER
}
