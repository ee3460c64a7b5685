package dev.baton.orchestrator.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SkippedAttemptsTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SkippedAttempts skipped = new SkippedAttempts(clock);

  @Test
  void aFailedTaskIsLeftOutUntilItsRetryTimeThenTriedAgain() {
    skipped.add("a", new IllegalStateException("boom"));

    assertThat(skipped.contains("a")).isTrue();
    assertThat(skipped.contains("b")).isFalse();
    clock.advance(SkippedAttempts.RETRY_AFTER.minusSeconds(1));
    assertThat(skipped.contains("a")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(skipped.contains("a")).isFalse();
    assertThat(skipped.size()).isZero();
  }

  @Test
  void pastTheBoundTheOldestIsForgotten() {
    for (int i = 0; i <= SkippedAttempts.MAX; i++) {
      skipped.add("t" + i, new IllegalStateException("boom"));
    }

    assertThat(skipped.size()).isEqualTo(SkippedAttempts.MAX);
    assertThat(skipped.contains("t0")).isFalse();
    assertThat(skipped.contains("t" + SkippedAttempts.MAX)).isTrue();
  }

  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
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
