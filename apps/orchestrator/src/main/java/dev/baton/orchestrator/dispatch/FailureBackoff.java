package dev.baton.orchestrator.dispatch;

import java.time.Duration;

/**
 * How long the relay leaves a dispatch, or a task queue, that the broker did not take before trying
 * again: {@code initial × 2^(failures − 1)}, at most {@code max}. No jitter: one relay publishes,
 * so nothing retries in lockstep with it.
 */
record FailureBackoff(Duration initial, Duration max) {

  FailureBackoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "baton.relay.failure-backoff-initial must be positive and at most"
              + " baton.relay.failure-backoff-max (got "
              + initial
              + " and "
              + max
              + ")");
    }
  }

  /** The wait after the {@code failures}-th failure in a row (1 for the first). */
  Duration after(int failures) {
    // Past 2^30 the doubling has long reached any sane max; stop before it overflows.
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    var delay = initial.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
