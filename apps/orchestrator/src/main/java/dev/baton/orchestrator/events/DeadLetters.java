package dev.baton.orchestrator.events;

import dev.baton.protocol.Topology;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a message Baton cannot use to the dead-letter exchange with the reason in its headers, and
 * waits for the broker's confirm, so the consumer can ack the original and go on. Done by Baton
 * rather than by broker arguments so that the reason travels with it on every broker.
 */
@Component
public class DeadLetters {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  public static final String REASON_HEADER = "x-baton-error";
  public static final String SOURCE_QUEUE_HEADER = "x-baton-source-queue";
  public static final String ROUTING_KEY_HEADER = "x-baton-routing-key";

  private final RabbitTemplate rabbit;
  private final Topology topology;

  public DeadLetters(RabbitTemplate rabbit, Topology topology) {
    this.rabbit = rabbit;
    this.topology = topology;
  }

  /** Dead-letters {@code original}; throws if the broker did not confirm it. */
  public void send(Message original, String reason) {
    var source = original.getMessageProperties();
    var props = new MessageProperties();
    props.setContentType(source.getContentType());
    props.setMessageId(source.getMessageId());
    props.setCorrelationId(source.getCorrelationId());
    props.getHeaders().putAll(source.getHeaders());
    props.setHeader(REASON_HEADER, reason);
    props.setHeader(SOURCE_QUEUE_HEADER, source.getConsumerQueue());
    props.setHeader(ROUTING_KEY_HEADER, source.getReceivedRoutingKey());
    var copy = new Message(original.getBody(), props);
    rabbit.invoke(
        ops -> {
          ops.send(topology.deadLetterExchange(), "", copy);
          ops.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
          return null;
        });
    log.warn(
        "Dead-lettered a message from {} (routing key {}): {}",
        source.getConsumerQueue(),
        source.getReceivedRoutingKey(),
        reason);
  }
}
