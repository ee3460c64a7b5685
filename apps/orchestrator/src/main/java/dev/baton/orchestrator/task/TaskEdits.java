package dev.baton.orchestrator.task;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to a task that are not state transitions: {@code PATCH} (priority, tags) of a task that
 * has not ended, and {@code DELETE} of one that has.
 */
@Service
public class TaskEdits {

  private final TaskRepository tasks;
  private final TaskHistoryRepository history;
  private final OutboxRepository outbox;
  private final ProtocolCodec codec;
  private final Clock clock;
  private final StatusCounts counts;

  public TaskEdits(
      TaskRepository tasks,
      TaskHistoryRepository history,
      OutboxRepository outbox,
      ProtocolCodec codec,
      Clock clock,
      StatusCounts counts) {
    this.counts = counts;
    this.tasks = tasks;
    this.history = history;
    this.outbox = outbox;
    this.codec = codec;
    this.clock = clock;
  }

  /**
   * Sets the priority and/or replaces the tags (each when not null) of a non-terminal task, records
   * the change in its history, and rewrites its dispatch if that is still in the outbox. A dispatch
   * already published keeps the priority it was published with.
   *
   * @return the task, or empty if there is none with this id
   * @throws TaskConflictException when the task is terminal
   */
  @Transactional
  public Optional<Task> patch(UUID id, Integer priority, Map<String, String> tags) {
    return tasks
        .findById(id.toString())
        .map(
            task -> {
              var now = clock.instant();
              var change = task.patch(priority, tags, now);
              if (change != null) {
                history.save(TaskHistoryEntry.patched(task, change, now));
                rewritePendingDispatches(task);
              }
              return task;
            });
  }

  /**
   * Deletes a terminal task with its history, tags and unpublished dispatch. A pending control
   * message (the cancel for a worker still running the task) is kept: it concerns the worker, and
   * the relay sends it without the task.
   *
   * @return false if there is no task with this id
   * @throws TaskConflictException when the task is not terminal
   */
  @Transactional
  public boolean delete(UUID id) {
    var found = tasks.findById(id.toString());
    if (found.isEmpty()) {
      return false;
    }
    var task = found.get();
    if (!task.status().isTerminal()) {
      throw new TaskConflictException(
          id,
          task.status(),
          "a " + task.status() + " task cannot be deleted; cancel it first, or wait until it ends");
    }
    history.deleteByTaskId(task.id().toString());
    outbox.deleteByTaskIdAndKind(task.id().toString(), OutboxMessage.Kind.DISPATCH);
    tasks.delete(task);
    counts.record(task.tenantId(), task.status(), null);
    return true;
  }

  private void rewritePendingDispatches(Task task) {
    for (var message :
        outbox.findByTaskIdAndKind(task.id().toString(), OutboxMessage.Kind.DISPATCH)) {
      var old =
          codec.decode(message.payload().getBytes(StandardCharsets.UTF_8), TaskDispatch.class);
      var dispatch =
          new TaskDispatch(
              old.v(),
              old.taskId(),
              old.type(),
              old.version(),
              old.attempt(),
              old.input(),
              task.priority(),
              old.timeoutSeconds(),
              old.deadline(),
              task.tags());
      message.replaceDispatch(
          task.priority(), new String(codec.encode(dispatch), StandardCharsets.UTF_8));
    }
  }
}
