package dev.baton.orchestrator.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: holds at most {@code capacity} tokens, gains {@code refillPerSecond} a second,
 * and starts full. Time is always passed in, so it is a pure value that tests drive without
 * sleeping. Not thread-safe: {@link SubmissionRateLimiter} guards it.
 */
final class TokenBucket {

  /**
   * The answer to {@link #tryTake}: granted, or how long until the tokens asked for would be there.
   */
  record Take(boolean granted, Duration waitFor) {
    static final Take GRANTED = new Take(true, Duration.ZERO);
  }

  private final long capacity;
  private final double refillPerSecond;
  private double tokens;
  private Instant refilledAt;

  TokenBucket(long capacity, double refillPerSecond, Instant now) {
    if (capacity < 1 || !(refillPerSecond > 0)) {
      throw new IllegalArgumentException(
          "a bucket needs a capacity of at least 1 and a positive refill rate");
    }
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /**
   * Takes {@code n} tokens if they are there; otherwise takes none and says how long until they
   * would be. A refused take costs nothing, so a client that retries too early does not push its
   * own turn further away.
   *
   * @throws IllegalArgumentException when {@code n} exceeds the capacity: it could never be granted
   */
  Take tryTake(long n, Instant now) {
    if (n < 0 || n > capacity) {
      throw new IllegalArgumentException(
          "cannot take " + n + " tokens from a bucket of capacity " + capacity);
    }
    refill(now);
    if (tokens >= n) {
      tokens -= n;
      return Take.GRANTED;
    }
    double seconds = (n - tokens) / refillPerSecond;
    return new Take(false, Duration.ofNanos((long) Math.ceil(seconds * 1e9)));
  }

  /** True when the bucket is full again at {@code now}: forgetting it then changes nothing. */
  boolean isFull(Instant now) {
    refill(now);
    return tokens >= capacity;
  }

  long capacity() {
    return capacity;
  }

  private void refill(Instant now) {
    // A clock that steps back adds nothing rather than taking tokens away.
    if (now.isAfter(refilledAt)) {
      double elapsed = Duration.between(refilledAt, now).toNanos() / 1e9;
      tokens = Math.min(capacity, tokens + elapsed * refillPerSecond);
      refilledAt = now;
    }
  }
}
