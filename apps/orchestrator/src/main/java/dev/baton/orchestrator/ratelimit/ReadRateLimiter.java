package dev.baton.orchestrator.ratelimit;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Limits how fast each caller reads (REST {@code GET}s and GraphQL queries): one token bucket per
 * caller identity, apart from its submissions, one token a request. A list page or a GraphQL query
 * is one read whatever it asks for: what one read may cost is bounded by the page size and the
 * GraphQL limits.
 */
@Component
public class ReadRateLimiter {

  private final CallerBuckets buckets;

  public ReadRateLimiter(RateLimitProperties properties, Clock clock) {
    if (!(properties.readsPerSecond() > 0) || properties.readBurst() < 1) {
      throw new IllegalStateException(
          "baton.rate-limit.reads-per-second must be positive and read-burst at least 1");
    }
    this.buckets =
        new CallerBuckets(
            properties.readsPerSecond(), properties.readBurst(), properties.maxCallers(), clock);
  }

  /**
   * Takes one read from {@code caller}'s bucket.
   *
   * @throws RateLimitedException with the wait after which a read would pass
   */
  public void acquire(String caller) {
    var take = buckets.take(caller, 1);
    if (!take.granted()) {
      throw new RateLimitedException(
          "Too many reads (baton.rate-limit.reads-per-second)", take.waitFor());
    }
  }
}
