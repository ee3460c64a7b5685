package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.ProtocolCodec;
import java.util.Optional;
import java.util.UUID;

/**
 * The attempt a dispatch that cannot be decoded was meant to run, when it can still be told: from
 * its AMQP {@code message_id} ({@code <taskId>:<attempt>}), else from a lenient read of the {@code
 * taskId} and {@code attempt} fields of its JSON. The worker then fails that attempt, for good,
 * with the reason, rather than leaving its task waiting for a result that never comes.
 */
record MalformedDispatch(UUID taskId, int attempt) {

  /** {@link dev.baton.protocol.TaskError#type()} of an attempt whose dispatch was unreadable. */
  static final String ERROR_TYPE = "MalformedDispatch";

  static Optional<MalformedDispatch> identify(
      AMQP.BasicProperties properties, byte[] body, ProtocolCodec codec) {
    var fromId = properties == null ? null : parse(properties.getMessageId());
    return fromId != null ? Optional.of(fromId) : Optional.ofNullable(fromJson(body, codec));
  }

  /** {@code <taskId>:<attempt>}, or null. */
  static MalformedDispatch parse(String messageId) {
    if (messageId == null) {
      return null;
    }
    int colon = messageId.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    return of(messageId.substring(0, colon), messageId.substring(colon + 1));
  }

  private static MalformedDispatch fromJson(byte[] body, ProtocolCodec codec) {
    try {
      var tree = codec.mapper().readTree(body);
      if (tree == null || !tree.isObject()) {
        return null;
      }
      var taskId = tree.get("taskId");
      var attempt = tree.get("attempt");
      if (taskId == null || !taskId.isString() || attempt == null || !attempt.isIntegralNumber()) {
        return null;
      }
      return of(taskId.asString(), attempt.asString());
    } catch (RuntimeException e) {
      return null; // not even JSON: nobody can be told
    }
  }

  private static MalformedDispatch of(String taskId, String attempt) {
    try {
      int n = Integer.parseInt(attempt);
      return n > 0 ? new MalformedDispatch(UUID.fromString(taskId), n) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
