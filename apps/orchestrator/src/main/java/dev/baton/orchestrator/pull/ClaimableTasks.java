package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.task.Task;
import dev.baton.protocol.TaskStatus;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** The tasks pull workers may claim. */
interface ClaimableTasks extends Repository<Task, String> {

  /**
   * The best tasks of one status and type, in claim order: highest priority first, then oldest.
   * Served in that order by index ix_tasks_claim, so it reads at most {@code limit} rows whatever
   * the backlog.
   */
  List<Task> findByStatusAndTypeOrderByPriorityDescCreatedAtAsc(
      TaskStatus status, String type, Limit limit);
}
