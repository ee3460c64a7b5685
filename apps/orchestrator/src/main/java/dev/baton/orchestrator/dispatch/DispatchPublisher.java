package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.broker.BrokerTopology;
import dev.baton.orchestrator.security.TenantQueues;
import dev.baton.orchestrator.task.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch of outbox messages on one channel and waits for the broker's confirms of all of
 * them (persistent, mandatory). A returned message — no queue bound for its key — counts as not
 * published. A dispatch of a tenant with queues of its own is routed to those.
 */
@Component
class DispatchPublisher {

  private final RabbitTemplate rabbit;
  private final BrokerTopology topology;
  private final TenantQueues tenantQueues;
  private final Set<String> returned = ConcurrentHashMap.newKeySet();

  DispatchPublisher(RabbitTemplate rabbit, BrokerTopology topology, TenantQueues tenantQueues) {
    this.tenantQueues = tenantQueues;
    this.rabbit = rabbit;
    this.topology = topology;
    rabbit.setMandatory(true);
    rabbit.setReturnsCallback(
        r -> returned.add(String.valueOf(r.getMessage().getMessageProperties().getMessageId())));
  }

  /**
   * Publishes {@code batch} and waits for the confirms.
   *
   * @return the message ids the broker returned as unroutable (the rest are confirmed)
   * @throws org.springframework.amqp.AmqpException when the batch was not confirmed as a whole
   */
  Set<String> publish(List<OutboxMessage> batch, Duration confirmTimeout) {
    var names = topology.names();
    batch.stream()
        .filter(m -> m.kind() == OutboxMessage.Kind.DISPATCH)
        .map(m -> new QueueKey(m.target(), tenantQueues.queueTenant(m.tenantId())))
        .distinct()
        .forEach(q -> topology.ensureTaskQueue(q.type(), q.tenant()));
    batch.forEach(m -> returned.remove(m.messageId()));
    rabbit.invoke(
        ops -> {
          for (var m : batch) {
            var exchange =
                m.kind() == OutboxMessage.Kind.DISPATCH
                    ? names.tasksExchange()
                    : names.controlExchange();
            var key =
                m.kind() == OutboxMessage.Kind.DISPATCH
                    ? names.dispatchKey(m.target(), tenantQueues.queueTenant(m.tenantId()))
                    : names.controlKey(m.target());
            ops.send(exchange, key, toMessage(m));
          }
          ops.waitForConfirmsOrDie(confirmTimeout.toMillis());
          return null;
        });
    var unroutable = new HashSet<String>();
    for (var m : batch) {
      if (returned.remove(m.messageId())) {
        unroutable.add(m.messageId());
      }
    }
    return unroutable;
  }

  /** A task queue: of a type, shared (tenant null) or of one tenant. */
  private record QueueKey(String type, String tenant) {}

  /** Opens a channel: throws if the broker is not reachable. */
  void probe() {
    rabbit.execute(channel -> null);
  }

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
