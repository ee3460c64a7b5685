package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * {@code QUEUED} tasks as the dispatcher sees them: those whose dispatch may have been lost with
 * their task queue, the queues that should hold dispatches, and the bookkeeping of a held dispatch
 * reaching the broker. State changes still go through {@link TaskTransitions}.
 *
 * <p>No transactions of its own: each call runs in the caller's (outside one, a call is its own
 * transaction, as with the repository).
 */
@Service
public class QueuedTasks {

  private final TaskRepository tasks;

  QueuedTasks(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /** A task queue: the tasks of one type and tenant. */
  public record TypeAndTenant(String type, String tenantId) {}

  /**
   * QUEUED tasks of a type unchanged since before {@code before} and with no dispatch in the outbox
   * (neither held by a limit nor waiting to be published), oldest first, at most {@code max}: those
   * whose dispatch may have been lost with their queue.
   */
  public List<Task> withoutDispatch(String type, Instant before, int max) {
    return tasks.findQueuedWithoutDispatch(type, TaskStatus.QUEUED, before, Limit.of(max));
  }

  /** Types (with tenants) of the QUEUED tasks, at most {@code max} pairs. */
  public List<TypeAndTenant> typesAndTenants(int max) {
    return tasks.findTypesAndTenantsByStatus(TaskStatus.QUEUED, Limit.of(max)).stream()
        .map(row -> new TypeAndTenant((String) row[0], (String) row[1]))
        .toList();
  }

  /**
   * Marks held dispatches' tasks, still QUEUED, as changed now: their dispatch just reached the
   * broker, so a lost-dispatch check gives it the whole grace period. A bulk update without a
   * version bump: it must not make a worker's concurrent report lose a race.
   *
   * @return how many tasks were touched
   */
  public int touchDispatched(Collection<String> taskIds, Instant now) {
    return tasks.touchDispatched(taskIds, TaskStatus.QUEUED, now);
  }
}
