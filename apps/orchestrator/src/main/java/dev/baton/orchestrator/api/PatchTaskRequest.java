package dev.baton.orchestrator.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * The body of {@code PATCH /api/v1/tasks/{id}}: a new {@code priority}, new {@code tags} (they
 * replace the task's tags; {@code {}} removes them all), or both. Limits as in a submission. Any
 * other field is refused (a misspelt field must not pass for a change that did nothing).
 */
record PatchTaskRequest(
    @Min(value = 0, message = "must be between 0 and 9")
        @Max(value = 9, message = "must be between 0 and 9")
        Integer priority,
    @Size(max = 50, message = "may hold at most 50 tags")
        Map<
                @Size(min = 1, max = 100, message = "tag keys must be 1 to 100 characters") String,
                @NotNull(message = "tag values must be strings")
                @Size(max = 500, message = "tag values must be at most 500 characters") String>
            tags,
    @JsonAnySetter Map<String, Object> otherFields) {}
