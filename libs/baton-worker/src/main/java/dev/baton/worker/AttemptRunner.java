package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done on the worker's task threads: run an attempt's handler, publish its result until
 * confirmed, and only then ack the dispatch (a long task's dispatch is acked earlier, see {@link
 * LongTaskRelease}); or reject a malformed dispatch (fail its attempt when it can be told,
 * dead-letter it), then ack it.
 */
final class AttemptRunner {

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final Map<String, TaskHandler> handlers;
  private final AttemptRegistry registry;
  private final EventPublisher events;
  private final Outcomes outcomes;
  private final Lifecycle lifecycle;
  private final WorkerStats stats;

  AttemptRunner(
      Map<String, TaskHandler> handlers,
      AttemptRegistry registry,
      EventPublisher events,
      Outcomes outcomes,
      Lifecycle lifecycle,
      WorkerStats stats) {
    this.handlers = handlers;
    this.registry = registry;
    this.events = events;
    this.outcomes = outcomes;
    this.lifecycle = lifecycle;
    this.stats = stats;
  }

  void run(Attempt attempt) {
    try {
      runToAck(attempt);
    } catch (RuntimeException e) {
      // A bug here must not leave the attempt held forever: hand it back to the broker.
      log.error("unexpected failure running {}", attempt.messageId(), e);
      var delivery = registry.release(attempt, false);
      if (delivery != null) {
        delivery.requeue();
      }
    }
  }

  private void runToAck(Attempt attempt) {
    if (!attempt.take()) {
      return; // waited too long for this thread and went back to the broker (LongTaskRelease)
    }
    if (lifecycle.isStopping()) {
      // Received but not started when the worker began to stop: another worker takes it now.
      var delivery = registry.release(attempt, false);
      if (delivery != null) {
        delivery.requeue();
      }
      return;
    }
    var result =
        (attempt.isCancelled() ? outcomes.cancelled(attempt.dispatch()) : execute(attempt))
            .withRedelivered(attempt.redelivered());
    boolean confirmed = events.result(result);
    var delivery = registry.release(attempt, confirmed);
    if (!confirmed) {
      log.warn(
          "result of {} not confirmed before the worker stopped; its dispatch stays unacked for"
              + " redelivery",
          attempt.messageId());
      return;
    }
    if (delivery != null) {
      delivery.ack();
    }
    stats.resultAcked(result.outcome());
    log.debug("{} {} {}", attempt.type(), attempt.messageId(), result.outcome());
  }

  private TaskResultEvent execute(Attempt attempt) {
    var dispatch = attempt.dispatch();
    var handler = handlers.get(dispatch.type());
    // Reported when a handler thread takes the attempt, not on receipt: the attempt's deadline
    // starts with ASSIGNED, and time spent waiting for a free thread is not the handler's.
    events.status(attempt.status(TaskStatusEvent.Status.ASSIGNED));
    events.status(attempt.status(TaskStatusEvent.Status.RUNNING));
    attempt.handlerStarting();
    TaskResultEvent result;
    try {
      if (handler == null) {
        throw new NonRetryableException("this worker has no handler for type " + dispatch.type());
      }
      result = outcomes.completed(dispatch, handler.handle(attempt));
    } catch (Throwable thrown) {
      // Any throwable, errors included: the attempt must end with a result, or it waits forever.
      result = outcomes.failed(dispatch, thrown);
      if (!attempt.isCancelled() && !lifecycle.isAborted()) {
        log.info("{} {} failed: {}", attempt.type(), attempt.messageId(), thrown.toString());
      }
    } finally {
      attempt.handlerFinished();
    }
    return attempt.isCancelled() ? outcomes.cancelled(dispatch) : result;
  }

  /**
   * A dispatch that cannot be decoded. When its attempt can still be told ({@code attempt}), that
   * attempt fails for good with the reason, so its task does not wait for a result that never
   * comes; then the message is dead-lettered with the reason, and acked.
   */
  void rejectMalformed(
      DeliveryRef delivery,
      AMQP.BasicProperties properties,
      byte[] body,
      String why,
      Optional<MalformedDispatch> attempt) {
    if (attempt.isPresent()) {
      if (!events.result(outcomes.malformed(attempt.get(), why))) {
        return; // aborted: the broker redelivers it to the next worker
      }
      stats.resultAcked(TaskResultEvent.Outcome.FAILED);
    }
    deadLetter(delivery, properties, body, why);
  }

  private void deadLetter(
      DeliveryRef delivery, AMQP.BasicProperties properties, byte[] body, String why) {
    if (!events.deadLetter(body, properties, why, delivery.queue())) {
      return; // aborted: the broker redelivers it to the next worker
    }
    delivery.ack();
    stats.deadLetter();
    log.warn("dead-lettered a malformed dispatch from {}: {}", delivery.queue(), why);
  }
}
