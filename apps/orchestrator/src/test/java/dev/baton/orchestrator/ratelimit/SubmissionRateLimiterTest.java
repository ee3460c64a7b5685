package dev.baton.orchestrator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SubmissionRateLimiterTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void batchTakesOneTokenPerTask() {
    var limiter = limiter(100, 1000, 10);

    limiter.acquire("a", 600);
    limiter.acquire("a", 400);

    assertThatThrownBy(() -> limiter.acquire("a", 1))
        .isInstanceOf(RateLimitedException.class)
        .extracting(e -> ((RateLimitedException) e).retryAfter())
        .isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void callersHaveTheirOwnBuckets() {
    var limiter = limiter(100, 1000, 10);
    limiter.acquire("a", 1000);

    assertThatCode(() -> limiter.acquire("b", 1000)).doesNotThrowAnyException();
  }

  @Test
  void refusedCallerPassesOnceTheWaitItWasToldHasPassed() {
    var limiter = limiter(200, 1000, 10);
    limiter.acquire("a", 1000);
    var refusal = catchRateLimited(() -> limiter.acquire("a", 500));

    assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(2500));
    assertThat(refusal.retryAfterSeconds()).isEqualTo(3);
    clock.advance(refusal.retryAfter());
    assertThatCode(() -> limiter.acquire("a", 500)).doesNotThrowAnyException();
  }

  @Test
  void refilledBucketsAreForgotten() {
    var limiter = limiter(1000, 1000, 10);
    limiter.acquire("a", 10);
    limiter.acquire("b", 10);

    clock.advance(Duration.ofSeconds(2));
    limiter.acquire("c", 10);

    assertThat(limiter.trackedCallers()).isEqualTo(1);
  }

  @Test
  void beyondMaxCallersTheLeastRecentlySeenIsForgotten() {
    var limiter = limiter(1, 1000, 2);
    limiter.acquire("a", 1000);
    limiter.acquire("b", 1000);
    limiter.acquire("c", 1000);

    assertThat(limiter.trackedCallers()).isEqualTo(2);
    assertThatThrownBy(() -> limiter.acquire("b", 1)).isInstanceOf(RateLimitedException.class);
    assertThatCode(() -> limiter.acquire("a", 1000))
        .as("a was forgotten, so it starts with a full bucket")
        .doesNotThrowAnyException();
  }

  @Test
  void burstSmallerThanTheLargestBatchIsRefusedAtStartUp() {
    assertThatThrownBy(() -> limiter(200, 999, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baton.rate-limit.burst");
  }

  private SubmissionRateLimiter limiter(double perSecond, long burst, int maxCallers) {
    return new SubmissionRateLimiter(
        new RateLimitProperties(perSecond, burst, maxCallers, 50, 500), clock);
  }

  private static RateLimitedException catchRateLimited(Runnable call) {
    try {
      call.run();
    } catch (RateLimitedException e) {
      return e;
    }
    throw new AssertionError("expected a RateLimitedException");
  }

  /** A clock that tests move by hand. */
  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
