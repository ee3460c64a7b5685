package dev.baton.orchestrator.task;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** The history rows of tasks. */
public interface TaskHistoryRepository extends JpaRepository<TaskHistoryEntry, Long> {

  /** A task's history, oldest first. */
  List<TaskHistoryEntry> findByTaskIdOrderByIdAsc(String taskId);
}
