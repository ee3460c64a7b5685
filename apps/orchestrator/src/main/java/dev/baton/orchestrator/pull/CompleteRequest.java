package dev.baton.orchestrator.pull;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /api/v1/tasks/{id}/complete}; {@code result} is any JSON. */
record CompleteRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String workerId,
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer attempt,
    JsonNode result) {}
