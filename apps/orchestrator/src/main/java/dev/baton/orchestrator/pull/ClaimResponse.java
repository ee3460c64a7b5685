package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.task.Task;
import dev.baton.protocol.ProtocolCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/tasks/claim}: the tasks now leased to the worker (possibly none). */
record ClaimResponse(List<ClaimedTask> tasks) {

  /**
   * A claimed task: what a dispatch carries, and until when the lease runs.
   *
   * @param attempt to quote in every report about this task
   * @param leaseExpiresAt the attempt fails with {@code TIMEOUT} (and is retried) unless a
   *     heartbeat renews the lease or the worker reports the result before then
   */
  record ClaimedTask(
      UUID id,
      String type,
      String version,
      int attempt,
      JsonNode input,
      int priority,
      int timeoutSeconds,
      Map<String, String> tags,
      Instant leaseExpiresAt) {

    static ClaimedTask of(Task t, ProtocolCodec codec) {
      return new ClaimedTask(
          t.id(),
          t.type(),
          t.version(),
          t.attempt(),
          codec.readTree(t.inputJson()),
          t.priority(),
          t.timeoutSeconds(),
          t.tags(),
          t.deadlineAt());
    }
  }
}
