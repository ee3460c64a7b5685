package dev.baton.orchestrator.persistence;

/**
 * The group-commit writer could not take a write now (shutting down, or the database did not answer
 * in time): the caller should try again shortly; with an idempotency key a repeat is safe.
 */
public class WriterUnavailableException extends RuntimeException {

  public WriterUnavailableException(String message) {
    super(message);
  }
}
