package dev.baton.worker;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.util.Collection;

/**
 * Declares what a worker needs, idempotently and with the same arguments as the orchestrator
 * ({@link QueueArguments}), so a worker started first still finds its queues in place.
 */
final class TopologyDeclarer {

  private TopologyDeclarer() {}

  /**
   * Declares the exchanges, the dead-letter queue, a queue per task type and this worker's control
   * queue.
   *
   * @return the server-generated name of the control queue
   */
  static String declare(
      Channel channel,
      Topology topology,
      BrokerFlavor flavor,
      QueueType queueType,
      String tenant,
      Collection<String> types,
      String workerId)
      throws IOException {
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.controlExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(topology.deadLetterQueue(), true, false, false, null);
    channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
    for (var type : types) {
      declareTaskQueue(channel, topology, flavor, queueType, tenant, type);
    }
    // Exclusive and auto-delete: it lives as long as this worker's connection. Recovery declares
    // it again under a new name and moves the binding and the consumer along.
    var controlQueue = channel.queueDeclare("", false, true, true, null).getQueue();
    channel.queueBind(controlQueue, topology.controlExchange(), topology.controlKey(workerId));
    return controlQueue;
  }

  /**
   * Declares the tasks exchange and the queue of one task type with its binding: what a worker
   * needs to consume the type again after its queue was deleted.
   */
  static void declareTaskQueue(
      Channel channel,
      Topology topology,
      BrokerFlavor flavor,
      QueueType queueType,
      String tenant,
      String type)
      throws IOException {
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    var queue = topology.taskQueue(type, tenant);
    channel.queueDeclare(
        queue, true, false, false, QueueArguments.taskQueue(flavor, topology, queueType));
    channel.queueBind(queue, topology.tasksExchange(), topology.dispatchKey(type, tenant));
  }
}
