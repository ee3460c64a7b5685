package dev.baton.testsupport;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Best-effort removal of a test's durable queues and exchanges from a shared broker. */
final class TopologyCleanup {

  private TopologyCleanup() {}

  static void delete(ConnectionFactory factory, Topology topology, Collection<String> taskTypes) {
    var queues = new ArrayList<String>();
    for (var type : taskTypes) {
      queues.add(topology.taskQueue(type)); // validates before touching the broker
    }
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

    factory.setAutomaticRecoveryEnabled(false);
    try (var connection = factory.newConnection("baton-test-cleanup")) {
      queues.forEach(queue -> quietly(connection, channel -> channel.queueDelete(queue)));
      exchanges.forEach(
          exchange -> quietly(connection, channel -> channel.exchangeDelete(exchange)));
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      TestBroker.report("could not clean up " + topology.prefix() + ".*: " + e.getMessage());
    }
  }

  private interface ChannelAction {
    void run(Channel channel) throws IOException;
  }

  /**
   * A channel per delete: Qpid answers the delete of a missing queue with a channel error, which
   * closes the channel (RabbitMQ just says ok).
   */
  private static void quietly(Connection connection, ChannelAction action) {
    try (var channel = connection.createChannel()) {
      action.run(channel);
    } catch (IOException | TimeoutException | ShutdownSignalException e) {
      // Missing already, or gone with its channel: either way there is nothing left to delete.
    }
  }
}
