package dev.baton.worker;

import java.util.concurrent.CompletableFuture;

/**
 * The two steps of stopping a worker. {@code stopping}: take no new deliveries, let running
 * attempts finish and publish their results. {@code aborted}: the grace period is over, give up on
 * unconfirmed results and leave their dispatches unacked for the broker to redeliver.
 */
final class Lifecycle {

  private volatile boolean stopping;
  private final CompletableFuture<Void> aborted = new CompletableFuture<>();

  void beginStop() {
    stopping = true;
  }

  boolean isStopping() {
    return stopping;
  }

  void abort() {
    stopping = true;
    aborted.complete(null);
  }

  boolean isAborted() {
    return aborted.isDone();
  }

  /** Completes when the worker aborts; waits can race it instead of polling. */
  CompletableFuture<Void> whenAborted() {
    return aborted;
  }
}
