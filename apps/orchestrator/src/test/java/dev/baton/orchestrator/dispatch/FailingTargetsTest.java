package dev.baton.orchestrator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.BatonProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailingTargetsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final FailingTargets failing =
      new FailingTargets(new BatonProperties(null, null, null, null, null, null, null, null, null));
  private final FailingTargets.Target target = new FailingTargets.Target("resize", null);

  @Test
  void aFailingTargetBacksOffLongerWithEachFailureAndKeepsItsFirstFailureTime() {
    var first = failing.failed(target, "baton.tasks.resize", "PRECONDITION_FAILED - x", T0);
    var second =
        failing.failed(target, "baton.tasks.resize", "PRECONDITION_FAILED - y", T0.plusSeconds(1));

    assertThat(first.retryAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(second.failures()).isEqualTo(2);
    assertThat(second.since()).isEqualTo(T0);
    assertThat(second.reason()).endsWith("y");
    assertThat(second.retryAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(failing.backingOff(target, T0.plusSeconds(2))).contains(second);
    assertThat(failing.backingOff(target, T0.plusSeconds(3))).isEmpty();
  }

  @Test
  void aSuccessClearsTheTargetAndLeavesOthersListed() {
    var other = new FailingTargets.Target("thumbnail", "acme");
    failing.failed(target, "baton.tasks.resize", "ACCESS_REFUSED", T0);
    failing.failed(other, "baton.tenant.acme.tasks.thumbnail", "NOT_FOUND", T0.plusMillis(5));

    failing.succeeded(target);

    assertThat(failing.all())
        .extracting(FailingTargets.Failure::queue)
        .containsExactly("baton.tenant.acme.tasks.thumbnail");
    assertThat(failing.backingOff(target, T0)).isEmpty();
    assertThat(failing.backoff().after(1)).isEqualTo(Duration.ofSeconds(1));
  }
}
