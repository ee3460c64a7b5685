package dev.baton.orchestrator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * An orchestrator whose clock runs 5 s ahead: on PostgreSQL, where instances compare deadlines,
 * liveness, leases and {@code runAt} written by each other, the skew against the database's clock
 * is measured at start and shown with a warning; on SQLite the database runs on this host's clock,
 * and there is nothing to compare.
 */
class ClockSkewIT extends OrchestratorTestBase {

  private static final Duration AHEAD = Duration.ofSeconds(5);

  @TestBean Clock clock;

  static Clock clock() {
    return Clock.offset(Clock.systemUTC(), AHEAD);
  }

  @DynamicPropertySource
  static void ownOrchestrator(DynamicPropertyRegistry registry) {
    orchestratorProperties(
        registry, TestBroker.uniquePrefix("clock"), TestDatabase.newDatabase("clock-skew"));
  }

  @Autowired ClockSkewCheck check;

  @Test
  void skewAgainstTheDatabasesClockIsMeasuredAtStartAndShownInHealth() {
    var atStart = check.last();
    assertThat(atStart).as("measured when the application became ready").isPresent();

    var clockHealth = getJson("/actuator/health").get("components").get("clock");

    assertThat(clockHealth.get("status").asString()).isEqualTo("UP");
    if (TestDatabase.isPostgres()) {
      var skew = atStart.get().skew().orElseThrow();
      assertThat(skew).isBetween(AHEAD.minusMillis(500), AHEAD.plusMillis(500));
      assertThat(clockHealth.get("details").get("skewMillis").asLong()).isBetween(4_500L, 5_500L);
      assertThat(clockHealth.get("details").get("warning").asString()).contains("NTP");
    } else {
      assertThat(atStart.get().skew()).isEmpty();
      assertThat(clockHealth.get("details").get("skew").asString()).contains("SQLite");
    }
  }
}
