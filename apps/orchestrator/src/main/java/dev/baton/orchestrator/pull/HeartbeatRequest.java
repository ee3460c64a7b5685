package dev.baton.orchestrator.pull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/tasks/{id}/heartbeat}. */
record HeartbeatRequest(
    @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String workerId,
    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
        Integer attempt,
    @Min(value = 0, message = "must be between 0 and 100")
        @Max(value = 100, message = "must be between 0 and 100")
        Integer progress,
    @Size(max = 1000, message = "must be at most 1000 characters") String message) {}
