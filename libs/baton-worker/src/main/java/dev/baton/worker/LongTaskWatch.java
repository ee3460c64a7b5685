package dev.baton.worker;

import dev.baton.protocol.TaskStatusEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the attempts held here for ones that take long. A handler running longer than {@code
 * runningAfter} (100 ms by default) is reported {@code RUNNING} (protocol v1.1: short tasks report
 * nothing but their result; a long one shows as running and its deadline starts). And this worker
 * never holds a delivery unacked for longer than {@code after}: an attempt whose handler runs
 * longer has its dispatch acked before its result, and a dispatch that waited that long — or 30 s,
 * if shorter — for a free handler thread goes back to the broker for another worker (a worker that
 * prefetches more than it has threads must not sit on tasks idle workers could start).
 *
 * <p>Why: RabbitMQ closes a channel that holds a delivery unacked for longer than its {@code
 * consumer_timeout} (30 minutes by default) and requeues every delivery on it, so a task longer
 * than that — or a short one that waited that long behind long ones — would make the tasks running
 * on that channel run again elsewhere while they are still at it, and the worker would stop
 * consuming. Brokers before 3.12 cannot raise the timeout per queue or consumer, so the worker
 * never holds a delivery that long.
 *
 * <p>Safety of the early ack: before it, a {@code RUNNING} event naming this worker is published
 * and confirmed, so the orchestrator knows who holds the attempt. From then on the broker has no
 * copy of the dispatch; if this worker dies, the orchestrator's worker liveness ({@code
 * WORKER_LOST}) and the attempt's deadline retry it, as they do for any attempt a lost worker held.
 * A dispatch handed back was never started here, so it simply runs on the next worker that takes
 * it.
 */
final class LongTaskWatch {

  private static final Logger log = LoggerFactory.getLogger(LongTaskWatch.class);

  /** The longest a dispatch waits here for a thread before it goes back to the broker. */
  static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

  private final Duration runningAfter;
  private final Duration after;
  private final Duration waitLimit;
  private final AttemptRegistry registry;
  private final EventPublisher events;

  /**
   * @param runningAfter how long a handler runs before it is reported {@code RUNNING}
   * @param after the longest a delivery is held unacked; zero: no limit (a delivery is held until
   *     the attempt's result is confirmed, whatever the broker's timeout)
   */
  LongTaskWatch(
      Duration runningAfter, Duration after, AttemptRegistry registry, EventPublisher events) {
    this.runningAfter = runningAfter;
    this.after = after;
    this.waitLimit = after.isZero() || after.compareTo(WAIT_LIMIT) > 0 ? WAIT_LIMIT : after;
    this.registry = registry;
    this.events = events;
  }

  /**
   * Checks the held attempts regularly on {@code scheduler}: every half of {@code runningAfter} (at
   * least 10 ms), and at least every quarter of the wait limit.
   */
  void start(ScheduledExecutorService scheduler) {
    long every = Math.max(10, runningAfter.toMillis() / 2);
    every = Math.min(every, Math.max(100, waitLimit.toMillis() / 4));
    scheduler.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      // An escaping exception would cancel every later check.
      log.warn("checking long-held deliveries failed: {}", e.toString());
    }
  }

  void check() {
    long now = System.nanoTime();
    long limit = after.isZero() ? Long.MAX_VALUE : after.toNanos();
    long waited = waitLimit.toNanos();
    long running = runningAfter.toNanos();
    for (var attempt : registry.held()) {
      long ran = attempt.runningNanos(now);
      if (attempt.waitingNanos(now) > waited) {
        handBack(attempt);
      } else if (ran > limit && !attempt.deliveryLetGo()) {
        letGo(attempt);
      } else if (ran > running && !attempt.runningReported()) {
        attempt.reportedRunning();
        events.status(attempt.status(TaskStatusEvent.Status.RUNNING));
      }
    }
  }

  private void handBack(Attempt attempt) {
    if (!attempt.handBack()) {
      return; // a thread took it just now
    }
    var delivery = registry.release(attempt, false);
    if (delivery != null) {
      delivery.requeue();
      log.info(
          "{} {} waited more than {} for a free handler thread: handed back to the broker",
          attempt.type(),
          attempt.messageId(),
          waitLimit);
    }
  }

  private void letGo(Attempt attempt) {
    attempt.letDeliveryGo();
    attempt.reportedRunning();
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
