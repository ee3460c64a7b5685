package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.broker.BrokerTopology;
import dev.baton.orchestrator.security.TenantQueues;
import dev.baton.orchestrator.task.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch of outbox messages on one channel (persistent, mandatory) and hands back the
 * broker's confirm of each, to be awaited while the next batch goes out. Confirms are correlated: a
 * message the broker returns as unroutable (its queue is gone) carries the return with its own
 * confirm, so it is never counted as delivered, and its queue is declared again before the next
 * try. Task queues are declared per target: one the broker refuses (declared elsewhere with other
 * arguments, say) keeps only its own dispatches back, with a backoff ({@link FailingTargets}), and
 * the rest of the batch goes. A dispatch of a tenant with queues of its own is routed to those.
 */
@Component
class DispatchPublisher {

  private static final Logger log = LoggerFactory.getLogger(DispatchPublisher.class);

  private final RabbitTemplate rabbit;
  private final BrokerTopology topology;
  private final TenantQueues tenantQueues;
  private final FailingTargets failing;
  private final Clock clock;

  DispatchPublisher(
      RabbitTemplate rabbit,
      BrokerTopology topology,
      TenantQueues tenantQueues,
      FailingTargets failing,
      Clock clock) {
    this.tenantQueues = tenantQueues;
    this.rabbit = rabbit;
    this.topology = topology;
    this.failing = failing;
    this.clock = clock;
    rabbit.setMandatory(true);
    // Returns are read from each message's CorrelationData; this only keeps the template quiet.
    rabbit.setReturnsCallback(r -> log.debug("returned: {}", r));
  }

  /**
   * Publishes {@code batch} and waits for the confirms.
   *
   * @return the rows the broker did not take, with why and when to try again
   * @throws AmqpException when the broker cannot be reached or did not confirm in time
   */
  Publication publish(List<OutboxMessage> batch, Duration confirmTimeout) {
    return send(batch).await(confirmTimeout);
  }

  /**
   * Publishes {@code batch} without waiting for the confirms: the relay sends the next batch while
   * the broker confirms this one (see {@link Sent#await}).
   *
   * @throws AmqpException when the broker cannot be reached
   */
  Sent send(List<OutboxMessage> batch) {
    var now = clock.instant();
    var notPublished = new HashMap<Long, Publication.NotPublished>();
    var refused = declareTaskQueues(batch);
    var toSend = new ArrayList<OutboxMessage>(batch.size());
    for (var m : batch) {
      var failure = m.kind() == OutboxMessage.Kind.DISPATCH ? refused.get(target(m)) : null;
      if (failure == null) {
        toSend.add(m);
      } else {
        notPublished.put(
            m.id(),
            new Publication.NotPublished(
                failure.failure().reason(), failure.failure().retryAt(), failure.tried()));
      }
    }
    var confirms = new ArrayList<CorrelationData>(toSend.size());
    if (!toSend.isEmpty()) {
      var names = topology.names();
      rabbit.invoke(
          ops -> {
            for (var m : toSend) {
              var dispatch = m.kind() == OutboxMessage.Kind.DISPATCH;
              var exchange = dispatch ? names.tasksExchange() : names.controlExchange();
              var key =
                  dispatch
                      ? names.dispatchKey(m.target(), tenantQueues.queueTenant(m.tenantId()))
                      : names.controlKey(m.target());
              // The id must be unique among the channel's pending confirms: the row's id is.
              var confirm = new CorrelationData("outbox-" + m.id());
              confirms.add(confirm);
              ops.send(exchange, key, toMessage(m), confirm);
            }
            return null;
          });
    }
    return new Sent(batch, toSend, confirms, notPublished, now);
  }

  /**
   * A batch handed to the broker whose confirms may still be on their way. The confirms are
   * correlated per message, so they complete whichever channel the template uses next.
   */
  final class Sent {
    private final List<OutboxMessage> batch;
    private final List<OutboxMessage> sent;
    private final List<CorrelationData> confirms;
    private final HashMap<Long, Publication.NotPublished> notPublished;
    private final Instant sentAt;

    private Sent(
        List<OutboxMessage> batch,
        List<OutboxMessage> sent,
        List<CorrelationData> confirms,
        HashMap<Long, Publication.NotPublished> notPublished,
        Instant sentAt) {
      this.batch = batch;
      this.sent = sent;
      this.confirms = confirms;
      this.notPublished = notPublished;
      this.sentAt = sentAt;
    }

    /** The rows of the batch, sent or left out. */
    List<OutboxMessage> batch() {
      return batch;
    }

    /** Whether every confirm is in: {@link #await} would not wait. */
    boolean confirmed() {
      return confirms.stream().allMatch(c -> c.getFuture().isDone());
    }

    /**
     * Waits for the confirms still on their way.
     *
     * @throws AmqpException when the channel closed or the broker did not confirm in time
     */
    Publication await(Duration confirmTimeout) {
      awaitConfirms(confirms, confirmTimeout);
      for (int i = 0; i < sent.size(); i++) {
        var m = sent.get(i);
        var outcome = notTaken(m, confirms.get(i), sentAt);
        if (outcome != null) {
          notPublished.put(m.id(), outcome);
        } else if (m.kind() == OutboxMessage.Kind.DISPATCH) {
          failing.succeeded(target(m));
        }
      }
      return new Publication(notPublished);
    }
  }

  /** Opens a channel: throws if the broker is not reachable. */
  void probe() {
    rabbit.execute(channel -> null);
  }

  /**
   * Declares the task queue of every target in the batch that is not backing off; the targets the
   * broker refuses, or that are backing off, with their failure.
   */
  private LinkedHashMap<FailingTargets.Target, Refused> declareTaskQueues(
      List<OutboxMessage> batch) {
    var now = clock.instant();
    var refused = new LinkedHashMap<FailingTargets.Target, Refused>();
    var targets =
        batch.stream()
            .filter(m -> m.kind() == OutboxMessage.Kind.DISPATCH)
            .map(this::target)
            .distinct()
            .toList();
    for (var target : targets) {
      var backingOff = failing.backingOff(target, now);
      if (backingOff.isPresent()) {
        refused.put(target, new Refused(backingOff.get(), false));
        continue;
      }
      try {
        topology.ensureTaskQueue(target.type(), target.tenant());
      } catch (AmqpException e) {
        var reason = BrokerTopology.refusal(e).orElseThrow(() -> e); // else: the broker is down
        var queue = topology.names().taskQueue(target.type(), target.tenant());
        refused.put(target, new Refused(failing.failed(target, queue, reason, now), true));
      }
    }
    return refused;
  }

  /** Why the broker did not take {@code m}, or null when it confirmed it. */
  private Publication.NotPublished notTaken(OutboxMessage m, CorrelationData confirm, Instant now) {
    var ack = confirm.getFuture().join(); // completed: awaitConfirms saw them all
    ReturnedMessage returned = confirm.getReturned(); // set before the future completed
    if (ack.ack() && returned == null) {
      return null;
    }
    if (m.kind() == OutboxMessage.Kind.CONTROL) {
      // A control message for a worker whose queue is gone: the worker is gone too.
      return null;
    }
    var target = target(m);
    var queue = topology.names().taskQueue(target.type(), target.tenant());
    String reason;
    if (!ack.ack()) {
      reason = "nacked by the broker" + (ack.reason() == null ? "" : ": " + ack.reason());
    } else {
      reason = "returned unroutable (" + returned.getReplyText() + "): queue missing";
      // Declared before the publish and gone now: someone deleted it. Declare it again first.
      topology.forget(target.type(), target.tenant(), now);
    }
    var failure = failing.failed(target, queue, reason, now);
    var retryAt = now.plus(failing.backoff().after(m.publishAttempts() + 1));
    return new Publication.NotPublished(
        reason, retryAt.isBefore(failure.retryAt()) ? retryAt : failure.retryAt(), true);
  }

  /**
   * Waits for every confirm. A nack with a cause is one spring-rabbit made up for a channel that
   * closed before the broker answered: the broker is the problem, not the message, so the whole
   * batch fails (and is published again). The broker's own nacks have no cause.
   */
  private static void awaitConfirms(List<CorrelationData> confirms, Duration timeout) {
    var all =
        CompletableFuture.allOf(
            confirms.stream().map(CorrelationData::getFuture).toArray(CompletableFuture[]::new));
    try {
      all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (var confirm : confirms) {
        var ack = confirm.getFuture().join();
        if (!ack.ack() && ack.reason() != null) {
          throw new AmqpException(
              "the channel closed before the broker confirmed the batch: " + ack.reason());
        }
      }
    } catch (TimeoutException e) {
      throw new AmqpTimeoutException(
          "the broker did not confirm " + confirms.size() + " messages within " + timeout, e);
    } catch (ExecutionException e) {
      throw new AmqpTimeoutException("waiting for confirms failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpTimeoutException("interrupted while waiting for confirms", e);
    }
  }

  private FailingTargets.Target target(OutboxMessage m) {
    return new FailingTargets.Target(m.target(), tenantQueues.queueTenant(m.tenantId()));
  }

  /** A target left out of the batch: refused now ({@code tried}) or still backing off. */
  private record Refused(FailingTargets.Failure failure, boolean tried) {}

  private static Message toMessage(OutboxMessage m) {
    var props = new MessageProperties();
    props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    props.setContentEncoding(StandardCharsets.UTF_8.name());
    props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    props.setMessageId(m.messageId());
    props.setPriority(m.priority());
    return new Message(m.payload().getBytes(StandardCharsets.UTF_8), props);
  }
}
