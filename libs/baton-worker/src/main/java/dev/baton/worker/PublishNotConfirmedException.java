package dev.baton.worker;

/** A publish the broker did not confirm: nacked, returned, or its channel went away. */
final class PublishNotConfirmedException extends RuntimeException {

  PublishNotConfirmedException(String message, Throwable cause) {
    super(message, cause);
  }
}
