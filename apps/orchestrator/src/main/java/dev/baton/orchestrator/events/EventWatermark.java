package dev.baton.orchestrator.events;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.Topology;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * How far this orchestrator has worked through its events queue, on its own clock: every event that
 * was in the queue at {@link #appliedUntil()} has been applied (or dead-lettered). The deadline
 * sweep asks it before it times an attempt out, so that a result published before the deadline —
 * waiting in the queue during a downtime, or behind a backlog — wins over the timeout.
 *
 * <p>Measured with markers: {@link #request()} publishes an empty message straight into the events
 * queue, stamped with the time it was sent. The queue is first in, first out, so when this
 * instance's consumer reaches the marker and has applied the rest of its batch, every event queued
 * before the marker is done. Markers cost nothing when nobody waits: only an overdue attempt makes
 * the sweep ask for one. Each orchestrator measures its own consumer and drops the markers of
 * others (several orchestrators share the queue). After a start nothing is known until the first
 * marker comes back, which is behind everything that was queued during the downtime.
 */
@Component
public class EventWatermark implements ConnectionListener {

  static final String MARKER_HEADER = "x-baton-watermark";
  static final String SENT_AT_HEADER = "x-baton-watermark-sent-at";

  private final String instance = UUID.randomUUID().toString();
  private final RabbitTemplate rabbit;
  private final Topology topology;
  private final Clock clock;
  private final AtomicReference<Instant> appliedUntil = new AtomicReference<>();
  private volatile Instant connectedSince;

  EventWatermark(
      RabbitTemplate rabbit, Topology topology, ConnectionFactory connectionFactory, Clock clock) {
    this.rabbit = rabbit;
    this.topology = topology;
    this.clock = clock;
    connectionFactory.addConnectionListener(this);
  }

  /**
   * A new connection to the broker: the first one, or one after an outage, when workers reconnect
   * too and publish the results they held.
   */
  @Override
  public void onCreate(Connection connection) {
    connectedSince = clock.instant();
  }

  /** Since when the orchestrator's current broker connection is up; empty before the first. */
  public Optional<Instant> connectedSince() {
    return Optional.ofNullable(connectedSince);
  }

  /**
   * The send time of the newest marker this instance's consumer has passed: every event queued
   * before it has been applied. Empty until the first marker came back.
   */
  public Optional<Instant> appliedUntil() {
    return Optional.ofNullable(appliedUntil.get());
  }

  /**
   * Queues a marker stamped now, to learn when the events queued until now have been applied.
   * Transient and unconfirmed on purpose: a lost marker is replaced by the next request.
   *
   * @throws org.springframework.amqp.AmqpException when the broker cannot be reached
   */
  public void request() {
    var props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(1)
            .headers(markerHeaders(clock.instant()))
            .build();
    rabbit.execute(
        channel -> {
          channel.basicPublish("", topology.orchestratorEventsQueue(), false, props, new byte[0]);
          return null;
        });
  }

  /** The headers of this instance's marker sent at {@code sentAt}. */
  Map<String, Object> markerHeaders(Instant sentAt) {
    return Map.of(MARKER_HEADER, instance, SENT_AT_HEADER, sentAt.toString());
  }

  /** Whether {@code message} is a marker (of any orchestrator), not a worker's event. */
  static boolean isMarker(Message message) {
    return message.getMessageProperties().getHeaders().containsKey(MARKER_HEADER);
  }

  /**
   * The consumer has applied every event of the batch {@code marker} came in, so everything queued
   * before it: moves the watermark if the marker is this instance's.
   */
  void passed(Message marker) {
    var headers = marker.getMessageProperties().getHeaders();
    if (!instance.equals(String.valueOf(headers.get(MARKER_HEADER)))) {
      return;
    }
    Instant sentAt;
    try {
      sentAt = Instant.parse(String.valueOf(headers.get(SENT_AT_HEADER)));
    } catch (RuntimeException e) {
      return; // not one of ours after all
    }
    appliedUntil.accumulateAndGet(sentAt, (a, b) -> a == null || b.isAfter(a) ? b : a);
  }
}
