package dev.baton.protocol;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Producer → orchestrator: a task to run. The body of {@code POST /api/v1/tasks} and of a message
 * on {@link Topology#submissionsQueue()}. Only {@code type} is required; the orchestrator fills the
 * defaults and validates the rest.
 */
public record TaskSubmission(
    String type,
    JsonNode input,
    Integer priority,
    Integer timeoutSeconds,
    Integer maxRetries,
    Map<String, String> tags,
    String idempotencyKey,
    Instant runAt,
    String version) {}
