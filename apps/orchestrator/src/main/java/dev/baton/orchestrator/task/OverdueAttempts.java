package dev.baton.orchestrator.task;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * Attempts past their deadline, for the deadline sweep to time out. Not in {@link TaskQueries}: the
 * rows are locked for writing, so this belongs in the sweep's write transaction, never on a reader
 * connection.
 *
 * <p>No transactions of its own: the lock is held by the caller's transaction.
 */
@Service
public class OverdueAttempts {

  private final TaskRepository tasks;

  OverdueAttempts(TaskRepository tasks) {
    this.tasks = tasks;
  }

  /**
   * Tasks whose attempt's deadline is at or before {@code now}, oldest deadline first, at most
   * {@code max}, locked; rows another transaction has locked are skipped. Only attempts with a
   * worker have a deadline (set on ASSIGNED, cleared when the task leaves ASSIGNED or RUNNING).
   */
  public List<Task> lockOldest(Instant now, int max) {
    return tasks.findByDeadlineAtLessThanEqualOrderByDeadlineAtAsc(now, Limit.of(max));
  }
}
