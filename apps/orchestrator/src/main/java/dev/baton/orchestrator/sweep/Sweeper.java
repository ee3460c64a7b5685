package dev.baton.orchestrator.sweep;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.support.FixedDelayLoop;
import dev.baton.orchestrator.worker.WorkerLivenessSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one loop that does Baton's time-based work, every {@code baton.sweeper.interval}: attempts
 * past their deadline, and worker liveness. Retry backoff and {@code runAt} schedules need no pass
 * of their own: they are the {@code not_before} of outbox rows, which the relay publishes when due.
 * Each step handles a bounded batch through an index, so a pass stays cheap with millions of rows.
 */
@Component
class Sweeper extends FixedDelayLoop {

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final DeadlineSweep deadlines;
  private final WorkerLivenessSweep liveness;
  private final BatonProperties.Sweeper settings;

  Sweeper(DeadlineSweep deadlines, WorkerLivenessSweep liveness, BatonProperties properties) {
    super("baton-sweeper", properties.sweeper().interval());
    this.deadlines = deadlines;
    this.liveness = liveness;
    this.settings = properties.sweeper();
  }

  /** One pass of every step; a failing step is logged and does not stop the others. */
  @Override
  protected void runOnce() {
    try {
      deadlines.sweep(settings.batchSize());
    } catch (RuntimeException e) {
      log.warn(
          "Deadline sweep failed: {}; will try again in {}", e.toString(), settings.interval());
    }
    try {
      liveness.sweep(settings.batchSize());
    } catch (RuntimeException e) {
      log.warn(
          "Worker liveness sweep failed: {}; will try again in {}",
          e.toString(),
          settings.interval());
    }
  }
}
