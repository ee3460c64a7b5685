package dev.baton.orchestrator.broker;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.baton.orchestrator.BatonProperties;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Declares Baton's exchanges and queues on every new broker connection (so a restarted broker gets
 * them back), with the arguments of the broker it finds, and each task type's queue before that
 * type's first dispatch, so a dispatch is never unroutable.
 */
@Component
public class BrokerTopology implements ConnectionListener {

  private static final Logger log = LoggerFactory.getLogger(BrokerTopology.class);

  private final Topology topology;
  private final RabbitTemplate rabbit;
  private final Set<String> declaredTypes = ConcurrentHashMap.newKeySet();
  private final QueueType queueType;
  private volatile BrokerFlavor flavor = BrokerFlavor.RABBITMQ;

  public BrokerTopology(
      Topology topology,
      ConnectionFactory connectionFactory,
      RabbitTemplate rabbit,
      BatonProperties properties) {
    this.topology = topology;
    this.rabbit = rabbit;
    this.queueType = properties.broker().queueType();
    connectionFactory.addConnectionListener(this);
  }

  @Override
  public void onCreate(Connection connection) {
    flavor = BrokerFlavor.fromServerProperties(connection.getDelegate().getServerProperties());
    declaredTypes.clear();
    try (var channel = connection.createChannel(false)) {
      declareStatic(channel);
      log.info(
          "Declared Baton topology '{}' on {} ({} queues)", topology.prefix(), flavor, queueType);
    } catch (Exception e) {
      log.error(
          "Could not declare Baton's exchanges and queues (prefix '{}'): {}. If a queue exists with"
              + " other arguments, delete it (rabbitmqctl delete_queue NAME) or use another"
              + " baton.broker.prefix.",
          topology.prefix(),
          e.toString());
    }
  }

  private void declareStatic(Channel channel) throws IOException {
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.controlExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(topology.deadLetterQueue(), true, false, false, null);
    channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
    var inbound = QueueArguments.inboundQueue(flavor, topology, queueType);
    channel.queueDeclare(topology.orchestratorEventsQueue(), true, false, false, inbound);
    channel.queueBind(topology.orchestratorEventsQueue(), topology.eventsExchange(), "#");
    channel.queueDeclare(topology.submissionsQueue(), true, false, false, inbound);
  }

  /** Declares the queue of {@code type} and its binding, once per connection. */
  public void ensureTaskQueue(String type) {
    ensureTaskQueue(type, null);
  }

  /** Declares the queue of {@code type} of {@code tenant} (null: shared) and its binding. */
  public void ensureTaskQueue(String type, String tenant) {
    var key = topology.dispatchKey(type, tenant);
    if (declaredTypes.contains(key)) {
      return;
    }
    rabbit.execute(
        channel -> {
          var queue = topology.taskQueue(type, tenant);
          channel.queueDeclare(
              queue, true, false, false, QueueArguments.taskQueue(flavor, topology, queueType));
          channel.queueBind(queue, topology.tasksExchange(), key);
          return null;
        });
    declaredTypes.add(key);
  }

  public BrokerFlavor flavor() {
    return flavor;
  }

  public Topology names() {
    return topology;
  }
}
