package dev.baton.orchestrator.task;

import java.time.Instant;
import java.util.Map;

/** A validated submission with every default filled in, ready to persist. */
public record NewTask(
    String tenantId,
    String type,
    String version,
    int priority,
    String inputJson,
    int maxRetries,
    int timeoutSeconds,
    Map<String, String> tags,
    String idempotencyKey,
    Instant runAt,
    RetryBackoff backoff) {}
