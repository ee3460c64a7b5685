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

  @Transactional(readOnly = true)
  public Map<WorkerStatus, Long> countByStatus() {
    var counts = new EnumMap<WorkerStatus, Long>(WorkerStatus.class);
    for (var status : WorkerStatus.values()) {
      counts.put(status, workers.countByStatus(status));
    }
    return counts;
  }
}
