package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_TASK_RESULTS} (v1.1 lean reporting):
 * several attempts' results in one persistent, confirmed message. Each item is a {@code
 * task.result} body without {@code v} and {@code workerId}, which the batch carries once. The
 * orchestrator applies each item on its own merits: a malformed item is dead-lettered alone, never
 * its neighbours (see {@link ProtocolCodec#decodeEvents}).
 */
public record TaskResultBatch(int v, String workerId, List<Item> results) {

  public TaskResultBatch {
    ProtocolVersion.require(v, "task.results");
    Checks.required(workerId, "task.results", "workerId");
    results = results == null ? List.of() : List.copyOf(results);
  }

  /** One result of the batch. */
  public record Item(
      UUID taskId,
      int attempt,
      TaskResultEvent.Outcome outcome,
      JsonNode result,
      TaskError error,
      Instant at,
      Instant startedAt,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean redelivered) {

    static Item of(TaskResultEvent e) {
      return new Item(
          e.taskId(),
          e.attempt(),
          e.outcome(),
          e.result(),
          e.error(),
          e.at(),
          e.startedAt(),
          e.redelivered());
    }
  }

  /** The batch of {@code results}, all of {@code workerId}. */
  public static TaskResultBatch of(String workerId, List<TaskResultEvent> results) {
    return new TaskResultBatch(
        ProtocolVersion.CURRENT, workerId, results.stream().map(Item::of).toList());
  }
}
