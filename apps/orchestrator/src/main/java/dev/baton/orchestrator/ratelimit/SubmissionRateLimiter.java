package dev.baton.orchestrator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Limits how fast each caller submits tasks: one {@link TokenBucket} per caller identity (e.g. an
 * API key's id), a task costs one token, a batch of n tasks n tokens, all or nothing.
 *
 * <p>Memory stays bounded: a bucket that has refilled is forgotten (a new one starts full, so
 * nothing changes for its caller), and beyond {@code max-callers} the least recently seen caller is
 * forgotten. The burst must hold the largest batch, checked at start-up, so that no valid request
 * is refused forever; a 429 always comes with a wait after which it passes.
 */
@Component
public class SubmissionRateLimiter {

  /** The largest batch {@code POST /api/v1/tasks/batch} accepts. */
  static final int MAX_BATCH = 1_000;

  private final Clock clock;
  private final double tasksPerSecond;
  private final long burst;
  private final int maxCallers;
  private final Duration refillTime;
  private final Map<String, TokenBucket> buckets;
  private Instant lastSweep;

  public SubmissionRateLimiter(RateLimitProperties properties, Clock clock) {
    if (!(properties.tasksPerSecond() > 0)) {
      throw new IllegalStateException("baton.rate-limit.tasks-per-second must be positive");
    }
    if (properties.burst() < MAX_BATCH) {
      throw new IllegalStateException(
          "baton.rate-limit.burst must be at least "
              + MAX_BATCH
              + " (the largest batch), or such batches could never pass; got "
              + properties.burst());
    }
    if (properties.maxCallers() < 1) {
      throw new IllegalStateException("baton.rate-limit.max-callers must be at least 1");
    }
    this.clock = clock;
    this.tasksPerSecond = properties.tasksPerSecond();
    this.burst = properties.burst();
    this.maxCallers = properties.maxCallers();
    this.refillTime = Duration.ofNanos((long) Math.ceil(burst / tasksPerSecond * 1e9));
    // Access order: the eldest entry is the caller seen least recently.
    this.buckets = new LinkedHashMap<>(16, 0.75f, true);
    this.lastSweep = clock.instant();
  }

  /**
   * Takes {@code tasks} tokens from {@code caller}'s bucket.
   *
   * @throws RateLimitedException with the wait after which the same request would pass
   */
  public void acquire(String caller, int tasks) {
    if (tasks < 1 || tasks > MAX_BATCH) {
      throw new IllegalArgumentException("tasks must be from 1 to " + MAX_BATCH + "; got " + tasks);
    }
    var now = clock.instant();
    TokenBucket.Take take;
    synchronized (buckets) {
      forgetIdle(now);
      var bucket =
          buckets.computeIfAbsent(caller, c -> new TokenBucket(burst, tasksPerSecond, now));
      take = bucket.tryTake(tasks, now);
      if (buckets.size() > maxCallers) {
        var eldest = buckets.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    if (!take.granted()) {
      throw new RateLimitedException(take.waitFor());
    }
  }

  /** Callers whose buckets are kept, for tests and metrics. */
  int trackedCallers() {
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
