package dev.baton.orchestrator.task;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What admins and producers may ask of an existing task: cancel it, or retry a finished one. */
@Service
public class TaskCommands {

  private final TaskTransitions transitions;

  public TaskCommands(TaskTransitions transitions) {
    this.transitions = transitions;
  }

  /**
   * Cancels a non-terminal task; a running attempt's worker is told to stop.
   *
   * @return the task, or empty if there is none with this id
   * @throws TaskConflictException when the task is already terminal
   */
  // The refusal is recorded in the task's history: keep that row when answering 409.
  @Transactional(noRollbackFor = TaskConflictException.class)
  public Optional<Task> cancel(UUID id) {
    return command(id, new TaskEvent.Cancel());
  }

  /**
   * Starts a new attempt of a {@code FAILED} or {@code CANCELLED} task.
   *
   * @throws TaskConflictException when the task is in any other state
   */
  // The refusal is recorded in the task's history: keep that row when answering 409.
  @Transactional(noRollbackFor = TaskConflictException.class)
  public Optional<Task> retry(UUID id) {
    return command(id, new TaskEvent.Retry());
  }

  private Optional<Task> command(UUID id, TaskEvent command) {
    return transitions
        .apply(id, command)
        .map(
            result -> {
              if (result.decision().kind() == Decision.Kind.REJECT) {
                throw new TaskConflictException(
                    id, result.task().status(), result.decision().reason());
              }
              return result.task();
            });
  }
}
