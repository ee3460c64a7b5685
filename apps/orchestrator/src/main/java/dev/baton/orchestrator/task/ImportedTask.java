package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A task record from an earlier task store, coerced to Baton's names and checked, ready to import.
 *
 * @param status the state the record was in, as a v1 state (what the import makes of it: {@link
 *     Task#imported})
 * @param legacyStatus the status as the record spelled it, for the history
 * @param inputJson JSON text
 * @param resultJson JSON text, or null
 */
public record ImportedTask(
    UUID id,
    String tenantId,
    String type,
    TaskStatus status,
    String legacyStatus,
    int priority,
    String inputJson,
    String resultJson,
    TaskError error,
    String workerId,
    int maxRetries,
    int timeoutSeconds,
    Map<String, String> tags,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt) {}
