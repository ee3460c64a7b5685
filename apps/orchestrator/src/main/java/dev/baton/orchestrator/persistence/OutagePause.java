package dev.baton.orchestrator.persistence;

import java.time.Duration;

/**
 * The pause a consumer takes before it hands messages back to the broker because the database
 * failed (not the messages): without it, an outage becomes a hot loop of redeliveries that burns
 * the broker's and this process's CPU while the database is away.
 */
public final class OutagePause {

  static final Duration LENGTH = Duration.ofSeconds(1);

  private OutagePause() {}

  /** Sleeps {@link #LENGTH}; an interrupt ends it early and stays set for the caller. */
  public static void beforeRequeue() {
    try {
      Thread.sleep(LENGTH.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
