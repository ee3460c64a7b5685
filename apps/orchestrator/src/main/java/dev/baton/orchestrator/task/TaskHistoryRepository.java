package dev.baton.orchestrator.task;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** The history rows of tasks. */
interface TaskHistoryRepository extends JpaRepository<TaskHistoryEntry, Long> {

  /** A task's history, oldest first. */
  List<TaskHistoryEntry> findByTaskIdOrderByIdAsc(String taskId);

  /** Removes a task's history (one statement, on index ix_task_history_task). */
  @Modifying
  @Query("delete from TaskHistoryEntry h where h.taskId = :taskId")
  int deleteByTaskId(String taskId);
}
