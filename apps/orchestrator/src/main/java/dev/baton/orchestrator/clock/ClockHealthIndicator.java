package dev.baton.orchestrator.clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code clock}: the last measured skew between this instance
 * and the database. It stays UP when the skew is beyond the limit — the instance still works, and
 * taking it out of a load balancer would not fix its clock — but says so in a {@code warning}
 * detail; the metric {@code baton.clock.skew} (seconds) is there to alert on.
 */
@Component
class ClockHealthIndicator implements HealthIndicator {

  private final ClockSkewCheck check;

  ClockHealthIndicator(ClockSkewCheck check, MeterRegistry meters) {
    this.check = check;
    Gauge.builder(
            "baton.clock.skew",
            check,
            c -> c.last().flatMap(r -> r.skew()).map(s -> s.toNanos() / 1e9).orElse(0.0))
        .description("this instance's clock minus the database's (PostgreSQL only)")
        .baseUnit("seconds")
        .register(meters);
  }

  @Override
  public Health health() {
    var reading = check.last();
    if (reading.isEmpty()) {
      return Health.up().withDetail("skew", "not measured yet").build();
    }
    var r = reading.get();
    var health = Health.up().withDetail("measuredAt", r.at().toString());
    if (r.error() != null) {
      return health.withDetail("error", r.error()).build();
    }
    if (r.skew().isEmpty()) {
      return health.withDetail("skew", "none: the database (SQLite) runs on this host").build();
    }
    var skew = r.skew().get();
    health
        .withDetail("skewMillis", skew.toMillis())
        .withDetail("maxSkewMillis", check.maxSkew().toMillis());
    if (check.tooLarge(skew)) {
      health.withDetail(
          "warning",
          "this instance's clock is off the database's by more than baton.clock.max-skew:"
              + " synchronise the clocks (NTP)");
    }
    return health.build();
  }
}
