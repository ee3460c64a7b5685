package dev.baton.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Orchestrator → worker: run this attempt of a task. Published to {@link Topology#tasksExchange()}
 * with routing key = type, AMQP {@code message_id} = {@link #messageId()} and AMQP priority.
 *
 * <p>The same attempt may be delivered more than once (after a crash before the broker's confirm
 * was recorded); {@code taskId} + {@code attempt} identify it.
 */
public record TaskDispatch(
    int v,
    UUID taskId,
    String type,
    String version,
    int attempt,
    JsonNode input,
    int priority,
    int timeoutSeconds,
    Instant deadline,
    Map<String, String> tags) {

  public TaskDispatch {
    ProtocolVersion.require(v, "dispatch");
    Checks.required(taskId, "dispatch", "taskId");
    Checks.required(type, "dispatch", "type");
    Checks.positive(attempt, "dispatch", "attempt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The AMQP {@code message_id} of this attempt's dispatch: {@code <taskId>:<attempt>}. */
  public String messageId() {
    return messageId(taskId, attempt);
  }

  public static String messageId(UUID taskId, int attempt) {
    return taskId + ":" + attempt;
  }
}
