package dev.baton.orchestrator.pull;

import dev.baton.protocol.TaskError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/tasks/{id}/fail}. */
record FailRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String workerId,
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer attempt,
    @NotNull(message = "is required") @Valid Error error) {

  /**
   * Why the attempt failed.
   *
   * @param retryable whether another attempt may help (default true)
   */
  record Error(
      @NotBlank(message = "is required")
          @Size(max = 10_000, message = "must be at most 10000 characters")
          String message,
      @Size(max = 200, message = "must be at most 200 characters") String type,
      Boolean retryable) {

    TaskError toTaskError() {
      return new TaskError(message, type, retryable);
    }
  }
}
