package dev.baton.orchestrator.ratelimit;

import java.time.Duration;

/** A caller submitted faster than its rate; it may try again after {@link #retryAfter()}. */
public class RateLimitedException extends RuntimeException {

  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter) {
    super(
        "Too many tasks submitted; retry after "
            + retryAfterSeconds(retryAfter)
            + " s (the Retry-After header).",
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
