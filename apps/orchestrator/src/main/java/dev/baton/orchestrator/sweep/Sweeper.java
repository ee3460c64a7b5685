package dev.baton.orchestrator.sweep;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.worker.WorkerLivenessSweep;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one loop that does Baton's time-based work, every {@code baton.sweeper.interval}: attempts
 * past their deadline, and worker liveness. Retry backoff and {@code runAt} schedules need no pass
 * of their own: they are the {@code not_before} of outbox rows, which the relay publishes when due.
 * Each step handles a bounded batch through an index, so a pass stays cheap with millions of rows.
 */
@Component
class Sweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final DeadlineSweep deadlines;
  private final WorkerLivenessSweep liveness;
  private final BatonProperties.Sweeper settings;
  private ScheduledExecutorService executor;

  Sweeper(DeadlineSweep deadlines, WorkerLivenessSweep liveness, BatonProperties properties) {
    this.deadlines = deadlines;
    this.liveness = liveness;
    this.settings = properties.sweeper();
  }

  /** One pass of every step; a failing step is logged and does not stop the others. */
  void sweepOnce() {
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

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "baton-sweeper");
              t.setDaemon(true);
              return t;
            });
    long ms = settings.interval().toMillis();
    executor.scheduleWithFixedDelay(this::sweepOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
