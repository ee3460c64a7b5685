package dev.baton.orchestrator.dispatch;

import java.time.Instant;
import java.util.List;

/**
 * How dispatching goes: whether the broker takes the relay's messages, how many wait in the outbox,
 * and the task queues it cannot publish to now with the broker's reason. The {@code dispatch}
 * health component's details and {@code GET /api/v1/dispatch} (the dashboard's warning).
 *
 * @param brokerReachable false while the relay cannot publish at all (health DOWN)
 * @param pendingMessages messages in the outbox: due, scheduled, backing off or held by a limit
 * @param failingTargets queues whose dispatches wait for a fix; every other queue is served
 */
record DispatchStatus(
    boolean brokerReachable, long pendingMessages, List<FailingTarget> failingTargets) {

  /**
   * One task queue the broker does not take dispatches for.
   *
   * @param tenant the tenant whose own queue it is; null for the type's shared queue
   * @param reason the broker's words, e.g. {@code PRECONDITION_FAILED - inequivalent arg …}
   * @param failures failed tries in a row
   * @param since the first of them
   * @param retryAt the next try
   * @param waitingDispatches dispatches of the type waiting in the outbox
   */
  record FailingTarget(
      String type,
      String tenant,
      String queue,
      String reason,
      int failures,
      Instant since,
      Instant retryAt,
      long waitingDispatches) {}
}
