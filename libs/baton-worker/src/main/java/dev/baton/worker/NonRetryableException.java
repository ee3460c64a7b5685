package dev.baton.worker;

/**
 * Thrown by a {@link TaskHandler} when retrying cannot help (bad input, a permanent refusal): the
 * attempt is reported with {@code retryable=false} and the orchestrator fails the task without
 * further attempts. Subclasses are non-retryable too.
 */
public class NonRetryableException extends RuntimeException {

  /** An exception whose message tells the operator why retrying cannot help. */
  public NonRetryableException(String message) {
    super(message);
  }

  /** The same, keeping the underlying cause. */
  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
