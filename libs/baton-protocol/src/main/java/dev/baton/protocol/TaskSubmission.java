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
    String version,
    Backoff backoff) {

  /**
   * Retry backoff of this task; each part optional (the orchestrator's default fills it).
   *
   * @param initialMs wait before the second attempt
   * @param factor growth per further attempt (1 = constant)
   * @param maxMs the longest wait
   */
  public record Backoff(Long initialMs, Double factor, Long maxMs) {}
}
