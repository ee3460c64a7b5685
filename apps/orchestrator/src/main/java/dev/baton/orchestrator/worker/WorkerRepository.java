package dev.baton.orchestrator.worker;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

/** Workers by id. */
public interface WorkerRepository extends JpaRepository<WorkerRecord, String> {

  /** Workers in one of {@code statuses} whose last heartbeat is older than {@code before}. */
  List<WorkerRecord> findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
      Collection<WorkerStatus> statuses, Instant before, Limit limit);

  List<WorkerRecord> findAllByOrderByIdAsc();

  long countByStatus(WorkerStatus status);
}
