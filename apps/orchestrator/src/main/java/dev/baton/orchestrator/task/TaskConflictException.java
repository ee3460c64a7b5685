package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.util.UUID;

/** A command that the task's current state does not allow (answered {@code 409}). */
public class TaskConflictException extends RuntimeException {

  private final UUID taskId;
  private final TaskStatus status;

  public TaskConflictException(UUID taskId, TaskStatus status, String reason) {
    super(reason);
    this.taskId = taskId;
    this.status = status;
  }

  public UUID taskId() {
    return taskId;
  }

  public TaskStatus status() {
    return status;
  }
}
