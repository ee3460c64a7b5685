package dev.baton.orchestrator.worker;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Counts of workers by status, every status present. */
@Service
public class WorkerStats {

  private final WorkerRepository workers;

  public WorkerStats(WorkerRepository workers) {
    this.workers = workers;
  }

  /**
   * Workers by status: of every tenant and the shared ones ({@code tenant} null: operators), or
   * only those serving {@code tenant} alone (shared workers belong to the operators).
   */
  @Transactional(readOnly = true)
  public Map<WorkerStatus, Long> countByStatus(String tenant) {
    var counts = new EnumMap<WorkerStatus, Long>(WorkerStatus.class);
    for (var status : WorkerStatus.values()) {
      counts.put(
          status,
          tenant == null
              ? workers.countByStatus(status)
              : workers.countByStatusAndTenantId(status, tenant));
    }
    return counts;
  }
}
