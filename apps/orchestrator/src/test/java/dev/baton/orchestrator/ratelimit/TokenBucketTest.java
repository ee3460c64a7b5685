package dev.baton.orchestrator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void startsFullAndGrantsUpToItsCapacityAtOnce() {
    var bucket = new TokenBucket(10, 2, T0);

    assertThat(bucket.tryTake(10, T0).granted()).isTrue();
    assertThat(bucket.tryTake(1, T0).granted()).isFalse();
  }

  @Test
  void refusalSaysHowLongUntilTheTokensWouldBeThere() {
    var bucket = new TokenBucket(10, 2, T0);
    bucket.tryTake(10, T0);

    var take = bucket.tryTake(3, T0);

    assertThat(take.granted()).isFalse();
    assertThat(take.waitFor()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void refusedTakeCostsNothing() {
    var bucket = new TokenBucket(10, 2, T0);
    bucket.tryTake(10, T0);
    bucket.tryTake(3, T0.plusMillis(500));

    assertThat(bucket.tryTake(3, T0.plusMillis(1500)).granted()).isTrue();
  }

  @Test
  void refillsAtItsRateButNeverBeyondItsCapacity() {
    var bucket = new TokenBucket(10, 2, T0);
    bucket.tryTake(10, T0);

    assertThat(bucket.tryTake(2, T0.plusSeconds(1)).granted()).isTrue();
    assertThat(bucket.isFull(T0.plusSeconds(5))).isFalse();
    assertThat(bucket.isFull(T0.plusSeconds(6))).isTrue();
    assertThat(bucket.tryTake(10, T0.plusSeconds(3600)).granted()).isTrue();
    assertThat(bucket.tryTake(1, T0.plusSeconds(3600)).granted()).isFalse();
  }

  @Test
  void clockSteppingBackAddsAndRemovesNothing() {
    var bucket = new TokenBucket(10, 2, T0);
    bucket.tryTake(4, T0);

    assertThat(bucket.tryTake(6, T0.minusSeconds(60)).granted()).isTrue();
    assertThat(bucket.tryTake(1, T0).granted()).isFalse();
  }

  @Test
  void takeBeyondTheCapacityIsAnErrorSinceItCouldNeverBeGranted() {
    var bucket = new TokenBucket(10, 2, T0);

    assertThatThrownBy(() -> bucket.tryTake(11, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity 10");
  }
}
