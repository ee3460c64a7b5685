package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.baton.protocol.ControlMessage;
import dev.baton.protocol.MalformedMessageException;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes this worker's control queue (auto-ack: a lost cancel only costs the work the
 * orchestrator will ignore anyway) and cancels the attempts it names.
 */
final class ControlConsumer extends DefaultConsumer {

  private static final Logger log = LoggerFactory.getLogger(ControlConsumer.class);

  private final ProtocolCodec codec;
  private final AttemptRegistry registry;

  ControlConsumer(Channel channel, ProtocolCodec codec, AttemptRegistry registry) {
    super(channel);
    this.codec = codec;
    this.registry = registry;
  }

  @Override
  public void handleDelivery(
      String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    ControlMessage message;
    try {
      message = codec.decode(body, ControlMessage.class);
    } catch (MalformedMessageException e) {
      log.warn("ignored a malformed control message: {}", e.getMessage());
      return;
    }
    switch (message.kind()) {
      case CANCEL -> cancel(TaskDispatch.messageId(message.taskId(), message.attempt()));
    }
  }

  private void cancel(String messageId) {
    var attempt = registry.find(messageId);
    if (attempt == null) {
      log.debug("cancel of {} ignored: not held by this worker", messageId);
      return;
    }
    log.info("cancelling {} at the orchestrator's request", messageId);
    attempt.cancel();
  }
}
