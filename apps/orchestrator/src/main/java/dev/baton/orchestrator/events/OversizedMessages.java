package dev.baton.orchestrator.events;

import dev.baton.orchestrator.BatonProperties;
import java.util.Optional;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;

/**
 * Tells a message body over {@code baton.broker.max-message-size} apart before it is parsed, so a
 * huge submission or event is dead-lettered unread instead of being parsed and stored. The client
 * library has already received it; the broker's own {@code max_message_size} bounds that.
 */
@Component
public class OversizedMessages {

  private final long maxBytes;

  public OversizedMessages(BatonProperties properties) {
    this.maxBytes = properties.broker().maxMessageSize().toBytes();
  }

  /** Why {@code message} is refused for its size, or empty when it is within the limit. */
  public Optional<String> reason(Message message) {
    var body = message.getBody();
    if (body == null || body.length <= maxBytes) {
      return Optional.empty();
    }
    return Optional.of(
        "the message body is "
            + body.length
            + " bytes, larger than the limit of "
            + maxBytes
            + " (baton.broker.max-message-size)");
  }

  public long maxBytes() {
    return maxBytes;
  }
}
