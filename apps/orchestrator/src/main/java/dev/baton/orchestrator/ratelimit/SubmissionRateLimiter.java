package dev.baton.orchestrator.ratelimit;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Limits how fast each caller submits tasks: one token bucket per caller identity (e.g. an API
 * key's id), a task costs one token, a batch of n tasks n tokens, all or nothing. The burst must
 * hold the largest batch, checked at start-up, so that no valid request is refused forever; a 429
 * always comes with a wait after which it passes.
 */
@Component
public class SubmissionRateLimiter {

  /** The largest batch {@code POST /api/v1/tasks/batch} accepts. */
  static final int MAX_BATCH = 1_000;

  private final CallerBuckets buckets;

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
    this.buckets =
        new CallerBuckets(
            properties.tasksPerSecond(), properties.burst(), properties.maxCallers(), clock);
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
    var take = buckets.take(caller, tasks);
    if (!take.granted()) {
      throw new RateLimitedException(
          "Too many tasks submitted (baton.rate-limit.tasks-per-second)", take.waitFor());
    }
  }

  /** Callers whose buckets are kept, for tests and metrics. */
  int trackedCallers() {
    return buckets.size();
  }
}
