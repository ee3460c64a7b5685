package dev.baton.orchestrator.events;

import dev.baton.protocol.Topology;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One item of a {@code task.results} batch as a message of its own, so that a bad item is
 * dead-lettered alone: a {@code task.result} with the batch's properties and the item as its body.
 */
final class BatchItems {

  private BatchItems() {}

  static Message asMessage(Message batch, byte[] itemBody) {
    var source = batch.getMessageProperties();
    var props = new MessageProperties();
    props.setContentType(source.getContentType());
    props.setMessageId(source.getMessageId());
    props.getHeaders().putAll(source.getHeaders());
    props.setConsumerQueue(source.getConsumerQueue());
    props.setReceivedRoutingKey(Topology.KEY_TASK_RESULT);
    props.setHeader("x-baton-batch-routing-key", source.getReceivedRoutingKey());
    return new Message(itemBody, props);
  }
}
