package dev.baton.orchestrator.ratelimit;

import java.time.Duration;

/**
 * A caller submitted or read faster than its rate; it may try again after {@link #retryAfter()}.
 */
public class RateLimitedException extends RuntimeException {

  private final Duration retryAfter;

  /**
   * @param what what the caller did too often, naming the setting (e.g. "Too many reads
   *     (baton.rate-limit.reads-per-second)")
   */
  public RateLimitedException(String what, Duration retryAfter) {
    super(
        what + "; retry after " + retryAfterSeconds(retryAfter) + " s (the Retry-After header).",
        null,
        false,
        false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whole seconds, rounded up and at least 1, as the {@code Retry-After} header wants. */
  public long retryAfterSeconds() {
    return retryAfterSeconds(retryAfter);
  }

  private static long retryAfterSeconds(Duration wait) {
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
