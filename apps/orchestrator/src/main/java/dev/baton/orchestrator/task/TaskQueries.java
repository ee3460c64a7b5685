package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only access to tasks and their history (served by the SQLite reader connections). Called in
 * a read-write transaction (a sweep's, the relay's), a query joins it instead: it reads on that
 * transaction's connection, and the tasks it returns may be changed there.
 */
@Service
@Transactional(readOnly = true)
public class TaskQueries {

  private final TaskRepository tasks;
  private final TaskHistoryRepository history;
  private final TaskListQuery listQuery;
  private final StatusCounts counts;

  public TaskQueries(
      TaskRepository tasks,
      TaskHistoryRepository history,
      TaskListQuery listQuery,
      StatusCounts counts) {
    this.counts = counts;
    this.tasks = tasks;
    this.history = history;
    this.listQuery = listQuery;
  }

  public TaskStats stats() {
    return TaskStats.of(counts.countByStatus(null));
  }

  /**
   * Counts by status of the tasks the filter covers: from the kept counts when it filters by tenant
   * and status only (a few rows, whatever the number of tasks), else counted by {@link
   * TaskListQuery}.
   */
  public TaskStats stats(TaskFilter filter) {
    if (filter.type() == null
        && filter.tags().isEmpty()
        && filter.workerId() == null
        && filter.createdFrom() == null
        && filter.createdBefore() == null) {
      var rows = counts.countByStatus(filter.tenantId());
      if (!filter.statuses().isEmpty()) {
        rows.removeIf(r -> !filter.statuses().contains((TaskStatus) r[0]));
      }
      return TaskStats.of(rows);
    }
    return TaskStats.of(listQuery.countByStatus(filter));
  }

  /**
   * A page of the tasks the filter covers, newest first, after {@code after} (null: the first
   * page). One read transaction: the positions and the tasks come from the same snapshot.
   */
  public TaskPage list(TaskFilter filter, TaskPosition after, int limit) {
    var positions = listQuery.positions(filter, after, limit + 1);
    var more = positions.size() > limit;
    var page = more ? positions.subList(0, limit) : positions;
    var byId =
        tasks.findAllById(page.stream().map(p -> p.id().toString()).toList()).stream()
            .collect(Collectors.toMap(Task::id, Function.identity()));
    var items = page.stream().map(p -> byId.get(p.id())).filter(Objects::nonNull).toList();
    return new TaskPage(items, more ? page.get(page.size() - 1) : null);
  }

  public Optional<Task> find(UUID id) {
    return tasks.findById(id.toString());
  }

  /**
   * The task if it belongs to {@code tenant} (null: any tenant); a task of another tenant is
   * answered as if it did not exist.
   */
  public Optional<Task> find(UUID id, String tenant) {
    return find(id).filter(t -> tenant == null || tenant.equals(t.tenantId()));
  }

  /** How many tasks of a type are in one of the states (index ix_tasks_claim). */
  public long count(String type, Collection<TaskStatus> statuses) {
    return tasks.countByTypeAndStatusIn(type, statuses);
  }

  /** The tasks of a worker in one of the states (index ix_tasks_worker_status). */
  public List<Task> ofWorker(String workerId, Collection<TaskStatus> statuses) {
    return tasks.findByWorkerIdAndStatusIn(workerId, statuses);
  }

  /**
   * The task's history, oldest first; empty when the task does not exist or belongs to another
   * tenant than {@code tenant} (null: any).
   */
  public Optional<List<TaskHistoryEntry>> history(UUID id, String tenant) {
    if (find(id, tenant).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(history.findByTaskIdOrderByIdAsc(id.toString()));
  }
}
