package dev.baton.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureBackoffTest {

  private final FailureBackoff backoff =
      new FailureBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

  @Test
  void doublesFromTheInitialWaitPerFailure() {
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void staysAtTheMaximumHoweverManyFailures() {
    assertThat(backoff.after(7)).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void takesNoFailureAsTheFirst() {
    assertThat(backoff.after(0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void refusesAMaximumBelowTheInitialWaitNamingTheSettings() {
    assertThatThrownBy(() -> new FailureBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baton.relay.failure-backoff-max");
  }
}
