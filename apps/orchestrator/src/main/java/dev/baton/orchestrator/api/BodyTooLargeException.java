package dev.baton.orchestrator.api;

import java.io.IOException;

/**
 * A request body longer than {@code baton.api.max-body-size}. An {@link IOException}, so that it
 * travels through the JSON reader like any read failure; {@link ProblemHandler} answers {@code
 * 413}.
 */
class BodyTooLargeException extends IOException {

  private final long maxBytes;

  BodyTooLargeException(long maxBytes) {
    super("the request body is larger than the limit of " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }
}
