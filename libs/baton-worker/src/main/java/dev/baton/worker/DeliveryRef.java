package dev.baton.worker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a dispatch, to ack or requeue once. Acks of deliveries from before a connection
 * recovery are dropped by the client (their tags are stale); the broker redelivers those messages,
 * and the worker recognises them as duplicates.
 */
record DeliveryRef(Channel channel, long tag, String queue) {

  private static final Logger log = LoggerFactory.getLogger(DeliveryRef.class);

  void ack() {
    try {
      channel.basicAck(tag, false);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "could not ack delivery {} from {} ({}); the broker will redeliver it",
          tag,
          queue,
          e.getMessage());
    }
  }

  void requeue() {
    try {
      channel.basicReject(tag, true);
    } catch (IOException | RuntimeException e) {
      log.debug("could not requeue delivery {} from {}: {}", tag, queue, e.getMessage());
    }
  }
}
