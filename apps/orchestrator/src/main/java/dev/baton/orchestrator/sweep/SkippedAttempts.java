package dev.baton.orchestrator.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks whose timeout could not be applied, left out of the deadline sweep for {@link #RETRY_AFTER}
 * so that they do not fail every pass's batch; then they are tried again (an operator may have
 * fixed or cancelled them). Bounded: past {@link #MAX} the oldest entry is forgotten, which only
 * means it is tried again sooner. Used by the sweeper thread only.
 */
final class SkippedAttempts {

  private static final Logger log = LoggerFactory.getLogger(SkippedAttempts.class);
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  static final int MAX = 1_000;

  private final Clock clock;
  private final Map<String, Instant> until = new LinkedHashMap<>();

  SkippedAttempts(Clock clock) {
    this.clock = clock;
  }

  /** Records that timing out task {@code id} failed with {@code failure}, and logs it. */
  void add(String id, RuntimeException failure) {
    until.remove(id);
    if (until.size() >= MAX) {
      until.remove(until.keySet().iterator().next());
    }
    until.put(id, clock.instant().plus(RETRY_AFTER));
    log.warn(
        "Could not time out the attempt of task {} ({}); skipped, the other attempts go on, and"
            + " it is tried again in {} s. Cancel the task (POST /api/v1/tasks/{}/cancel) or repair"
            + " its stored row.",
        id,
        failure.toString(),
        RETRY_AFTER.toSeconds(),
        id);
  }

  /** Whether task {@code id} is left out now; forgets entries whose time is up. */
  boolean contains(String id) {
    var time = until.get(id);
    if (time == null) {
      return false;
    }
    if (clock.instant().isBefore(time)) {
      return true;
    }
    until.remove(id);
    return false;
  }

  /** How many are left out now. */
  int size() {
    var now = clock.instant();
    until.values().removeIf(time -> !now.isBefore(time));
    return until.size();
  }
}
