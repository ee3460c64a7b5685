package dev.baton.orchestrator.worker;

import static dev.baton.orchestrator.persistence.LockHints.SKIP_LOCKED;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.QueryHints;

/** Workers by id. */
public interface WorkerRepository extends JpaRepository<WorkerRecord, String> {

  /** Workers in one of {@code statuses} whose last heartbeat is older than {@code before}. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = SKIP_LOCKED))
  List<WorkerRecord> findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
      Collection<WorkerStatus> statuses, Instant before, Limit limit);

  List<WorkerRecord> findAllByOrderByIdAsc();

  long countByStatus(WorkerStatus status);

  List<WorkerRecord> findByTenantIdOrderByIdAsc(String tenantId);

  long countByStatusAndTenantId(WorkerStatus status, String tenantId);
}
