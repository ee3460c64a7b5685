package dev.baton.orchestrator.task;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between attempts: {@code base * factor^(failedAttempt-1)},
 * capped, then scaled by a random factor in [1 - jitter, 1]. Jitter spreads the retries of tasks
 * that failed together (a downstream outage) so they do not come back as one wave.
 */
public record RetryBackoff(Duration base, double factor, Duration cap, double jitter) {

  public static final RetryBackoff DEFAULT =
      new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2);

  public RetryBackoff {
    if (base.isNegative() || factor < 1.0 || cap.compareTo(base) < 0 || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException(
          "backoff needs base >= 0, factor >= 1, cap >= base and 0 <= jitter <= 1");
    }
  }

  /** The wait before the attempt after {@code failedAttempt} (1-based). */
  public Duration delayAfter(int failedAttempt, DoubleSupplier random) {
    double raw = base.toMillis() * Math.pow(factor, Math.max(0, failedAttempt - 1));
    double capped = Math.min(raw, cap.toMillis());
    double jittered = capped * (1.0 - jitter * random.getAsDouble());
    return Duration.ofMillis(Math.round(jittered));
  }
}
