package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Consumes one task queue (manual acks) and passes every delivery to the receiver; tells its
 * subscription when the broker cancels it.
 */
final class TaskConsumer extends DefaultConsumer {

  private final String queue;
  private final DispatchReceiver receiver;
  private final Runnable cancelledByBroker;

  TaskConsumer(
      Channel channel, String queue, DispatchReceiver receiver, Runnable cancelledByBroker) {
    super(channel);
    this.queue = queue;
    this.receiver = receiver;
    this.cancelledByBroker = cancelledByBroker;
  }

  @Override
  public void handleDelivery(
      String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    receiver.onDelivery(queue, getChannel(), envelope, properties, body);
  }

  /** The broker ended the subscription: the queue was deleted (or its node went away). */
  @Override
  public void handleCancel(String consumerTag) {
    cancelledByBroker.run();
  }
}
