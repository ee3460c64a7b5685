package dev.baton.orchestrator.pull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks/claim}.
 *
 * @param limit how many tasks at most, 1 to 100 (default 1)
 */
record ClaimRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String workerId,
    @NotEmpty(message = "must name at least one task type")
        @Size(max = 50, message = "may name at most 50 task types")
        List<
                @NotBlank(message = "is required")
                @Pattern(
                    regexp = "[a-zA-Z0-9._-]{1,100}",
                    message = "must match [a-zA-Z0-9._-]{1,100}")
                String>
            types,
    @Min(value = 1, message = "must be between 1 and 100")
        @Max(value = 100, message = "must be between 1 and 100")
        Integer limit) {

  int limitOrDefault() {
    return limit == null ? 1 : limit;
  }
}
