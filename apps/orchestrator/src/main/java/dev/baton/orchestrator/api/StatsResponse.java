package dev.baton.orchestrator.api;

import dev.baton.orchestrator.task.TaskStats;
import dev.baton.orchestrator.worker.WorkerStatus;
import dev.baton.protocol.TaskStatus;
import java.util.Map;

/** {@code GET /api/v1/tasks/stats}: {@code {"total","byStatus":{…},"workers":{…}}}. */
record StatsResponse(long total, Map<TaskStatus, Long> byStatus, Map<WorkerStatus, Long> workers) {

  StatsResponse(TaskStats tasks, Map<WorkerStatus, Long> workers) {
    this(tasks.total(), tasks.byStatus(), workers);
  }
}
