package dev.baton.orchestrator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TokenBucket} per caller identity (an API key's id), all of one size and rate.
 *
 * <p>Memory stays bounded: a bucket that has refilled is forgotten (a new one starts full, so
 * nothing changes for its caller), and beyond {@code maxCallers} the least recently seen caller is
 * forgotten. Thread-safe.
 */
final class CallerBuckets {

  private final Clock clock;
  private final double perSecond;
  private final long burst;
  private final int maxCallers;
  private final Duration refillTime;
  private final Map<String, TokenBucket> buckets;
  private Instant lastSweep;

  CallerBuckets(double perSecond, long burst, int maxCallers, Clock clock) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxCallers = maxCallers;
    this.refillTime = Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
    // Access order: the eldest entry is the caller seen least recently.
    this.buckets = new LinkedHashMap<>(16, 0.75f, true);
    this.lastSweep = clock.instant();
  }

  /** Takes {@code n} tokens from the caller's bucket, or none and says how long to wait. */
  TokenBucket.Take take(String caller, long n) {
    var now = clock.instant();
    synchronized (buckets) {
      forgetIdle(now);
      var bucket = buckets.computeIfAbsent(caller, c -> new TokenBucket(burst, perSecond, now));
      var take = bucket.tryTake(n, now);
      if (buckets.size() > maxCallers) {
        var eldest = buckets.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
      return take;
    }
  }

  /** Callers whose buckets are kept, for tests and metrics. */
  int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  /**
   * Once per refill time, forgets the buckets that are full again: at most one pass over the map
   * per period, so the cost per call stays constant on average.
   */
  private void forgetIdle(Instant now) {
    if (Duration.between(lastSweep, now).compareTo(refillTime) < 0) {
      return;
    }
    lastSweep = now;
    buckets.values().removeIf(bucket -> bucket.isFull(now));
  }
}
