package dev.baton.orchestrator.clock;

import dev.baton.orchestrator.support.FixedDelayLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Compares this instance's clock with the database's at start and every {@code
 * baton.clock.check-interval}, and warns when they are more than {@code baton.clock.max-skew}
 * apart.
 *
 * <p>Why: deadlines, worker liveness, pull leases and {@code runAt} are written by one instance and
 * compared by another that shares the PostgreSQL database. An instance whose clock is ahead times
 * attempts out early, marks workers offline too soon and publishes scheduled tasks early; one that
 * is behind does all of it late. The instances rely on synchronised clocks (NTP); this check makes
 * a broken synchronisation visible (log, {@code /actuator/health} component {@code clock}, metric
 * {@code baton.clock.skew}) instead of silent.
 */
@Component
class ClockSkewCheck extends FixedDelayLoop {

  private static final Logger log = LoggerFactory.getLogger(ClockSkewCheck.class);

  private final DatabaseClock databaseClock;
  private final ClockProperties settings;
  private volatile Reading last;

  ClockSkewCheck(DatabaseClock databaseClock, ClockProperties settings) {
    super("baton-clock-check", settings.checkInterval());
    this.databaseClock = databaseClock;
    this.settings = settings;
  }

  /** One measurement: the skew (empty: the database shares this host's clock), or why none. */
  record Reading(Instant at, Optional<Duration> skew, String error) {}

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    check();
  }

  /** Measures now, logs a skew beyond the limit, and keeps the reading for health and metrics. */
  Reading check() {
    Reading reading;
    try {
      reading = new Reading(databaseClock.now(), databaseClock.skew(), null);
    } catch (RuntimeException e) {
      reading = new Reading(databaseClock.now(), Optional.empty(), e.getMessage());
      log.debug("clock check failed: {}", e.getMessage());
    }
    last = reading;
    reading.skew().filter(this::tooLarge).ifPresent(this::warn);
    return reading;
  }

  Optional<Reading> last() {
    return Optional.ofNullable(last);
  }

  boolean tooLarge(Duration skew) {
    return skew.abs().compareTo(settings.maxSkew()) > 0;
  }

  Duration maxSkew() {
    return settings.maxSkew();
  }

  private void warn(Duration skew) {
    log.warn(
        "This instance's clock is {} ms {} the database's (limit baton.clock.max-skew = {} ms)."
            + " Instances that share the database compare deadlines, worker liveness, pull leases"
            + " and runAt written by each other: attempts may time out, workers go offline and"
            + " schedules fire too early or too late. Synchronise the clocks of every instance and"
            + " the database server (NTP, chrony).",
        skew.abs().toMillis(),
        skew.isNegative() ? "behind" : "ahead of",
        settings.maxSkew().toMillis());
  }

  @Override
  protected void runOnce() {
    check();
  }
}
