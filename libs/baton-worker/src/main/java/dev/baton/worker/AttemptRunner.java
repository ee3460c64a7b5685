package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.TaskResultEvent;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done on the worker's task threads: run an attempt's handler and hand its result to the
 * {@link ResultBatcher}, which acks the dispatch once the broker confirmed the message carrying the
 * result — the thread does not wait for that (a long task's dispatch is acked earlier, see {@link
 * LongTaskWatch}). Protocol v1.1: no {@code ASSIGNED}, and {@code RUNNING} only for a handler that
 * outlives a threshold ({@link LongTaskWatch}); the result says when the handler started. Or reject
 * a malformed dispatch (fail its attempt when it can be told, dead-letter it), then ack it.
 */
final class AttemptRunner {

  private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

  private final Map<String, TaskHandler> handlers;
  private final AttemptRegistry registry;
  private final EventPublisher events;
  private final ResultBatcher results;
  private final Outcomes outcomes;
  private final Lifecycle lifecycle;
  private final WorkerStats stats;

  AttemptRunner(
      Map<String, TaskHandler> handlers,
      AttemptRegistry registry,
      EventPublisher events,
      ResultBatcher results,
      Outcomes outcomes,
      Lifecycle lifecycle,
      WorkerStats stats) {
    this.handlers = handlers;
    this.registry = registry;
    this.events = events;
    this.results = results;
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
      return; // waited too long for this thread and went back to the broker (LongTaskWatch)
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
            .with(attempt.startedAt(), attempt.redelivered());
    attempt.done();
    results.submit(
        result, registry.othersUnderWay(attempt), () -> resultConfirmed(attempt, result));
  }

  /** On the connection's thread, once the broker confirmed the message carrying the result. */
  private void resultConfirmed(Attempt attempt, TaskResultEvent result) {
    var delivery = registry.release(attempt, true);
    if (delivery != null) {
      delivery.ack();
    }
    stats.resultAcked(result.outcome());
    log.debug("{} {} {}", attempt.type(), attempt.messageId(), result.outcome());
  }

  private TaskResultEvent execute(Attempt attempt) {
    var dispatch = attempt.dispatch();
    var handler = handlers.get(dispatch.type());
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
