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
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

/** Tasks by id (the UUID as text). */
interface TaskRepository extends JpaRepository<Task, String> {

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

  /**
   * QUEUED tasks of a type unchanged since before {@code before} and with no dispatch in the outbox
   * (neither held by a limit nor waiting to be published), oldest first (indexes ix_tasks_claim and
   * ix_outbox_task): those whose dispatch may have been lost with their queue.
   */
  @Query(
      "select t from Task t where t.type = :type and t.status = :status and t.updatedAt < :before"
          + " and not exists (select o.id from OutboxMessage o where o.taskId = t.id"
          + " and o.kind = dev.baton.orchestrator.task.OutboxMessage.Kind.DISPATCH)"
          + " order by t.updatedAt")
  List<Task> findQueuedWithoutDispatch(String type, TaskStatus status, Instant before, Limit limit);

  /**
   * Types (with tenants) of the QUEUED tasks, at most {@code limit} pairs: the task queues that
   * should hold dispatches. Read once at start, before this orchestrator has dispatched anything.
   */
  @Query("select distinct t.type, t.tenantId from Task t where t.status = :status")
  List<Object[]> findTypesAndTenantsByStatus(TaskStatus status, Limit limit);

  /**
   * Marks held dispatches' tasks, still QUEUED, as changed now: their dispatch just reached the
   * broker, so LostDispatches gives it the whole grace period before it counts as lost. A bulk
   * update without a version bump: it must not make a worker's concurrent report lose a race.
   */
  @Modifying
  @Query("update Task t set t.updatedAt = :now where t.id in :ids and t.status = :status")
  int touchDispatched(Collection<String> ids, TaskStatus status, Instant now);
}
