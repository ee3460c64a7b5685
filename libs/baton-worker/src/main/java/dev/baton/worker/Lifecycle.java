package dev.baton.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two steps of stopping a worker. {@code stopping}: take no new deliveries, let running
 * attempts finish and publish their results. {@code aborted}: the grace period is over, give up on
 * unconfirmed results and leave their dispatches unacked for the broker to redeliver.
 */
final class Lifecycle {

  private volatile boolean stopping;
  private final CountDownLatch aborted = new CountDownLatch(1);

  void beginStop() {
    stopping = true;
  }

  boolean isStopping() {
    return stopping;
  }

  void abort() {
    stopping = true;
    aborted.countDown();
  }

  boolean isAborted() {
    return aborted.getCount() == 0;
  }

  /**
   * Waits up to {@code millis} for an abort.
   *
   * @return true if the worker aborted (or the thread was interrupted, which only an abort does)
   */
  boolean awaitAbort(long millis) {
    try {
      return aborted.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
