package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes one task queue (manual acks) and passes every delivery to the receiver. */
final class TaskConsumer extends DefaultConsumer {

  private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);

  private final String queue;
  private final DispatchReceiver receiver;

  TaskConsumer(Channel channel, String queue, DispatchReceiver receiver) {
    super(channel);
    this.queue = queue;
    this.receiver = receiver;
  }

  @Override
  public void handleDelivery(
      String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    receiver.onDelivery(queue, getChannel(), envelope, properties, body);
  }

  @Override
  public void handleCancel(String consumerTag) {
    log.warn("the broker cancelled the consumer of {} (was the queue deleted?)", queue);
  }
}
