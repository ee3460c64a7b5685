package dev.baton.orchestrator.worker;

import dev.baton.protocol.WorkerHeartbeat;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keeps each worker's record up to date from its heartbeats. */
@Service
public class WorkerRegistry {

  private final WorkerRepository workers;
  private final Clock clock;

  public WorkerRegistry(WorkerRepository workers, Clock clock) {
    this.workers = workers;
    this.clock = clock;
  }

  /** Records a heartbeat (in the caller's transaction: heartbeats come in event batches). */
  @Transactional
  public void onHeartbeat(WorkerHeartbeat heartbeat) {
    var now = clock.instant();
    var worker =
        workers
            .findById(heartbeat.workerId())
            .orElseGet(() -> WorkerRecord.firstSeen(heartbeat.workerId(), now));
    worker.heartbeat(
        heartbeat.types(),
        heartbeat.capacity(),
        heartbeat.running().stream().map(UUID::toString).toList(),
        now);
    workers.save(worker);
  }
}
