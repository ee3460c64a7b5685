package dev.baton.orchestrator.pull;

import static dev.baton.orchestrator.persistence.LockHints.SKIP_LOCKED;

import dev.baton.orchestrator.task.Task;
import dev.baton.protocol.TaskStatus;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;

/** The tasks pull workers may claim. */
interface ClaimableTasks extends Repository<Task, String> {

  /**
   * The best tasks of one status and type, in claim order: highest priority first, then oldest.
   * Served in that order by index ix_tasks_claim, so it reads at most {@code limit} rows whatever
   * the backlog. Tasks whose dispatch a concurrency limit holds back are QUEUED too, but not
   * claimable until the relay releases them.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = SKIP_LOCKED))
  @Query(
      "select t from Task t where t.status = :status and t.type = :type and not exists (select 1"
          + " from OutboxMessage o where o.taskId = t.id and o.held = true)"
          + " order by t.priority desc, t.createdAt asc")
  List<Task> findClaimable(TaskStatus status, String type, Limit limit);

  /** {@link #findClaimable}, of one tenant's tasks. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = SKIP_LOCKED))
  @Query(
      "select t from Task t where t.status = :status and t.type = :type and t.tenantId = :tenant"
          + " and not exists (select 1 from OutboxMessage o where o.taskId = t.id and o.held ="
          + " true) order by t.priority desc, t.createdAt asc")
  List<Task> findClaimableInTenant(TaskStatus status, String type, String tenant, Limit limit);
}
