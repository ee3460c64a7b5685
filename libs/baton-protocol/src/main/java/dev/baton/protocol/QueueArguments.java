package dev.baton.protocol;

import java.util.Map;

/**
 * The declare arguments of Baton's queues, in the one place that knows which broker it talks to.
 * Everybody who declares a queue (orchestrator, SDK, other-language workers) must use the same
 * arguments, or the broker refuses the second declaration.
 *
 * <p>Dead-lettering of malformed messages does not rely on these arguments: Baton's consumers
 * publish such a message to {@link Topology#deadLetterExchange()} themselves, with the reason, and
 * then ack it. The RabbitMQ {@code x-dead-letter-exchange} is a second line for plain rejects.
 */
public final class QueueArguments {

  /** Highest task priority; RabbitMQ's {@code x-max-priority}. */
  public static final int MAX_PRIORITY = 9;

  /**
   * Deliveries of one message to a quorum queue before RabbitMQ dead-letters it: a poison message
   * that kills worker after worker stops there instead of cycling forever.
   */
  public static final int QUORUM_DELIVERY_LIMIT = 20;

  private QueueArguments() {}

  /** Arguments of {@code <prefix>.tasks.<type>} as a classic queue. */
  public static Map<String, Object> taskQueue(BrokerFlavor flavor, Topology topology) {
    return taskQueue(flavor, topology, QueueType.CLASSIC);
  }

  /**
   * Arguments of {@code <prefix>.tasks.<type>}.
   *
   * @throws IllegalArgumentException for quorum queues on a broker other than RabbitMQ
   */
  public static Map<String, Object> taskQueue(
      BrokerFlavor flavor, Topology topology, QueueType type) {
    if (type == QueueType.QUORUM) {
      return quorum(flavor, topology);
    }
    return switch (flavor) {
      case RABBITMQ ->
          Map.of(
              "x-max-priority",
              MAX_PRIORITY,
              "x-dead-letter-exchange",
              topology.deadLetterExchange());
      // Qpid refuses x-* arguments it does not know; it counts priority levels, 0..9 is 10.
      case QPID -> Map.of("x-qpid-priorities", MAX_PRIORITY + 1);
    };
  }

  /** Arguments of {@code <prefix>.orchestrator.events} and {@code <prefix>.submissions}. */
  public static Map<String, Object> inboundQueue(
      BrokerFlavor flavor, Topology topology, QueueType type) {
    return type == QueueType.QUORUM ? quorum(flavor, topology) : inboundQueue(flavor, topology);
  }

  private static Map<String, Object> quorum(BrokerFlavor flavor, Topology topology) {
    if (flavor != BrokerFlavor.RABBITMQ) {
      throw new IllegalArgumentException(
          "quorum queues need RabbitMQ; the " + flavor + " broker has classic queues only");
    }
    return Map.of(
        "x-queue-type",
        "quorum",
        "x-delivery-limit",
        QUORUM_DELIVERY_LIMIT,
        "x-dead-letter-exchange",
        topology.deadLetterExchange());
  }

  /** Arguments of {@code <prefix>.orchestrator.events} and {@code <prefix>.submissions}. */
  public static Map<String, Object> inboundQueue(BrokerFlavor flavor, Topology topology) {
    return switch (flavor) {
      case RABBITMQ -> Map.of("x-dead-letter-exchange", topology.deadLetterExchange());
      case QPID -> Map.of();
    };
  }
}
