package dev.baton.orchestrator.task;

import static dev.baton.orchestrator.persistence.LockHints.SKIP_LOCKED;

import dev.baton.protocol.TaskStatus;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.QueryHints;

/** Tasks by id (the UUID as text). */
public interface TaskRepository extends JpaRepository<Task, String> {

  Optional<Task> findByTenantIdAndIdempotencyKey(String tenantId, String idempotencyKey);

  /**
   * Attempts past their deadline, oldest deadline first. Only attempts with a worker have a
   * deadline (set on ASSIGNED, cleared on leaving ASSIGNED/RUNNING), so the partial index
   * ix_tasks_deadline alone serves this; a status condition would tempt the planner onto the status
   * index.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = SKIP_LOCKED))
  List<Task> findByDeadlineAtLessThanEqualOrderByDeadlineAtAsc(Instant now, Limit limit);

  /** The tasks a worker holds (index ix_tasks_worker_status). */
  List<Task> findByWorkerIdAndStatusIn(String workerId, Collection<TaskStatus> statuses);

  /** Tasks of a type in some states (index ix_tasks_claim). */
  long countByTypeAndStatusIn(String type, Collection<TaskStatus> statuses);
}
