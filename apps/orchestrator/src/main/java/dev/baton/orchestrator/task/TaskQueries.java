package dev.baton.orchestrator.task;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only access to tasks and their history (served by the SQLite reader connections). */
@Service
@Transactional(readOnly = true)
public class TaskQueries {

  private final TaskRepository tasks;
  private final TaskHistoryRepository history;

  public TaskQueries(TaskRepository tasks, TaskHistoryRepository history) {
    this.tasks = tasks;
    this.history = history;
  }

  public TaskStats stats() {
    return TaskStats.of(tasks.countByStatus());
  }

  public Optional<Task> find(UUID id) {
    return tasks.findById(id.toString());
  }

  /** The task's history, oldest first; empty when the task does not exist. */
  public Optional<List<TaskHistoryEntry>> history(UUID id) {
    if (!tasks.existsById(id.toString())) {
      return Optional.empty();
    }
    return Optional.of(history.findByTaskIdOrderByIdAsc(id.toString()));
  }
}
