package dev.baton.orchestrator.api;

import dev.baton.orchestrator.task.Task;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A task as the API shows it (PROTOCOL.md, "A task (response)"). */
public record TaskResponse(
    UUID id,
    String type,
    String version,
    TaskStatus status,
    int priority,
    JsonNode input,
    JsonNode result,
    TaskError error,
    int attempt,
    int maxRetries,
    int timeoutSeconds,
    Map<String, String> tags,
    String workerId,
    Integer progress,
    Instant runAt,
    Instant createdAt,
    Instant queuedAt,
    Instant startedAt,
    Instant completedAt,
    Instant updatedAt) {

  public static TaskResponse of(Task t, ProtocolCodec codec) {
    return new TaskResponse(
        t.id(),
        t.type(),
        t.version(),
        t.status(),
        t.priority(),
        codec.readTree(t.inputJson()),
        t.resultJson() == null ? null : codec.readTree(t.resultJson()),
        t.error(),
        t.attempt(),
        t.maxRetries(),
        t.timeoutSeconds(),
        t.tags(),
        t.workerId(),
        t.progress(),
        t.runAt(),
        t.createdAt(),
        t.queuedAt(),
        t.startedAt(),
        t.completedAt(),
        t.updatedAt());
  }
}
