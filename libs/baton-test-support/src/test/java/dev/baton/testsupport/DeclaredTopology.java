package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Declares a whole Baton topology the way the orchestrator will, and checks it is gone. */
final class DeclaredTopology {

  private DeclaredTopology() {}

  static void declare(ConnectionFactory factory, Topology topology, Collection<String> taskTypes)
      throws Exception {
    try (var connection = factory.newConnection("declared-topology");
        var channel = connection.createChannel()) {
      var flavor = BrokerFlavor.fromServerProperties(connection.getServerProperties());
      channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
      channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
      channel.exchangeDeclare(topology.controlExchange(), BuiltinExchangeType.TOPIC, true);
      channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
      var inbound = QueueArguments.inboundQueue(flavor, topology);
      channel.queueDeclare(topology.orchestratorEventsQueue(), true, false, false, inbound);
      channel.queueDeclare(topology.submissionsQueue(), true, false, false, inbound);
      channel.queueDeclare(topology.deadLetterQueue(), true, false, false, null);
      for (var type : taskTypes) {
        channel.queueDeclare(
            topology.taskQueue(type),
            true,
            false,
            false,
            QueueArguments.taskQueue(flavor, topology));
      }
    }
  }

  static void assertGone(ConnectionFactory factory, Topology topology, Collection<String> taskTypes)
      throws Exception {
    var queues = new ArrayList<String>();
    taskTypes.forEach(type -> queues.add(topology.taskQueue(type)));
    queues.addAll(
        List.of(
            topology.orchestratorEventsQueue(),
            topology.submissionsQueue(),
            topology.deadLetterQueue()));
    var exchanges =
        List.of(
            topology.tasksExchange(),
            topology.eventsExchange(),
            topology.controlExchange(),
            topology.deadLetterExchange());
    try (var connection = factory.newConnection("declared-topology-check")) {
      for (var queue : queues) {
        assertThatThrownBy(() -> onFreshChannel(connection, ch -> ch.queueDeclarePassive(queue)))
            .as("queue %s should be deleted", queue)
            .isInstanceOf(IOException.class);
      }
      for (var exchange : exchanges) {
        assertThatThrownBy(
                () -> onFreshChannel(connection, ch -> ch.exchangeDeclarePassive(exchange)))
            .as("exchange %s should be deleted", exchange)
            .isInstanceOf(IOException.class);
      }
    }
  }

  private interface ChannelCall {
    void run(Channel channel) throws IOException;
  }

  // A passive declare of something missing closes its channel, so each check gets its own.
  private static void onFreshChannel(Connection connection, ChannelCall call) throws IOException {
    var channel = connection.createChannel();
    call.run(channel);
    channel.abort();
  }
}
