package dev.baton.protocol;

/**
 * A message body that is not valid JSON, or not a valid message of the expected kind. The message
 * names what is wrong, so it can go with the message to the dead-letter queue.
 */
public class MalformedMessageException extends RuntimeException {

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }

  public MalformedMessageException(String message) {
    super(message);
  }
}
