package dev.baton.protocol;

/**
 * Why an attempt failed: a human message, a machine-readable type (an exception class name, or
 * {@code TIMEOUT}, {@code WORKER_LOST}, …) and whether another attempt may help.
 */
public record TaskError(String message, String type, Boolean retryable) {

  public TaskError {
    message = Checks.storable(message);
    type = Checks.storable(type);
    if (retryable == null) {
      retryable = Boolean.TRUE;
    }
  }

  public boolean isRetryable() {
    return retryable;
  }
}
