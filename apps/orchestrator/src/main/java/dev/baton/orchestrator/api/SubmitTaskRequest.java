package dev.baton.orchestrator.api;

import dev.baton.protocol.TaskSubmission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/v1/tasks}. Only {@code type} is required. */
public record SubmitTaskRequest(
    @NotBlank(message = "is required")
        @Pattern(regexp = "[a-zA-Z0-9._-]{1,100}", message = "must match [a-zA-Z0-9._-]{1,100}")
        String type,
    JsonNode input,
    @Min(value = 0, message = "must be between 0 and 9")
        @Max(value = 9, message = "must be between 0 and 9")
        Integer priority,
    @Min(value = 1, message = "must be between 1 and 86400")
        @Max(value = 86_400, message = "must be between 1 and 86400")
        Integer timeoutSeconds,
    @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer maxRetries,
    @Size(max = 50, message = "may hold at most 50 tags")
        Map<
                @Size(min = 1, max = 100, message = "tag keys must be 1 to 100 characters") String,
                @NotNull(message = "tag values must be strings")
                @Size(max = 500, message = "tag values must be at most 500 characters") String>
            tags,
    @Size(min = 1, max = 200, message = "must be 1 to 200 characters") String idempotencyKey,
    Instant runAt,
    @Size(max = 100, message = "must be at most 100 characters") String version,
    @Valid BackoffRequest backoff) {

  /** Retry backoff of one task; what it leaves out comes from {@code baton.tasks.backoff}. */
  public record BackoffRequest(
      @Min(value = 0, message = "must be between 0 and 86400000")
          @Max(value = 86_400_000, message = "must be between 0 and 86400000")
          Long initialMs,
      @DecimalMin(value = "1.0", message = "must be between 1 and 10")
          @DecimalMax(value = "10.0", message = "must be between 1 and 10")
          Double factor,
      @Min(value = 0, message = "must be between 0 and 86400000")
          @Max(value = 86_400_000, message = "must be between 0 and 86400000")
          Long maxMs) {}

  /** The submission this request asks for (also used for submissions over AMQP). */
  public TaskSubmission toSubmission() {
    return new TaskSubmission(
        type,
        input,
        priority,
        timeoutSeconds,
        maxRetries,
        tags,
        idempotencyKey,
        runAt,
        version,
        backoff == null
            ? null
            : new TaskSubmission.Backoff(backoff.initialMs(), backoff.factor(), backoff.maxMs()));
  }
}
