package dev.baton.worker;

import dev.baton.protocol.TaskStatusEvent;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acks the dispatch of an attempt whose handler runs longer than {@code after}, instead of after
 * its result.
 *
 * <p>Why: RabbitMQ closes a channel that holds a delivery unacked for longer than its {@code
 * consumer_timeout} (30 minutes by default) and requeues every delivery on it, so a task longer
 * than that would run again on another worker while the first is still at it. Brokers before 3.12
 * cannot raise the timeout per queue or consumer, so the worker never holds a delivery that long.
 *
 * <p>Safety: before the ack, a {@code RUNNING} event naming this worker is published and confirmed,
 * so the orchestrator knows who holds the attempt. From then on the broker has no copy of the
 * dispatch; if this worker dies, the orchestrator's worker liveness ({@code WORKER_LOST}) and the
 * attempt's deadline retry it, as they do for any attempt a lost worker held.
 */
final class LongTaskRelease {

  private static final Logger log = LoggerFactory.getLogger(LongTaskRelease.class);

  private final Duration after;
  private final ScheduledExecutorService scheduler;
  private final AttemptRegistry registry;
  private final EventPublisher events;

  /**
   * @param after how long a handler runs before its dispatch is acked; zero: never (the delivery is
   *     held until the result is confirmed, whatever the broker's timeout)
   */
  LongTaskRelease(
      Duration after,
      ScheduledExecutorService scheduler,
      AttemptRegistry registry,
      EventPublisher events) {
    this.after = after;
    this.scheduler = scheduler;
    this.registry = registry;
    this.events = events;
  }

  /**
   * The handler of {@code attempt} starts now.
   *
   * @return the pending release, to cancel when the handler returns (null when disabled)
   */
  Future<?> handlerStarted(Attempt attempt) {
    if (after.isZero()) {
      return null;
    }
    try {
      return scheduler.schedule(() -> release(attempt), after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null; // the worker is stopping: the delivery stays held until the result
    }
  }

  private void release(Attempt attempt) {
    if (attempt.isCancelled()) {
      return;
    }
    var running =
        attempt.status(
            TaskStatusEvent.Status.RUNNING,
            null,
            "running longer than " + after + ": dispatch acked, liveness and deadline guard it");
    if (!events.statusConfirmed(running)) {
      return; // aborted: nothing is acked, the broker redelivers
    }
    var delivery = registry.detach(attempt);
    if (delivery != null) {
      delivery.ack();
      log.info(
          "{} {} runs longer than {}: its dispatch is acked now, before its result",
          attempt.type(),
          attempt.messageId(),
          after);
    }
  }
}
