package dev.baton.orchestrator.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Work that runs on a daemon thread of its own, {@code interval} after the end of the previous run,
 * from the application's start to its stop. A subclass says what one run does; a run that throws
 * would cancel every later one, so {@link #runOnce} must catch what it can survive.
 */
public abstract class FixedDelayLoop implements SmartLifecycle {

  private final String threadName;
  private final Duration interval;
  private volatile ScheduledExecutorService executor;

  protected FixedDelayLoop(String threadName, Duration interval) {
    this.threadName = threadName;
    this.interval = interval;
  }

  /** One run; called on the loop's thread only. */
  protected abstract void runOnce();

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              var thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    long ms = interval.toMillis();
    executor.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    var running = executor;
    if (running != null) {
      running.shutdownNow();
      try {
        running.awaitTermination(5, TimeUnit.SECONDS);
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
