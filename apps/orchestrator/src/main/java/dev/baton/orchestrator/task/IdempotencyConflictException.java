package dev.baton.orchestrator.task;

import java.util.UUID;

/** The idempotency key was used before for a different submission. */
public class IdempotencyConflictException extends RuntimeException {

  private final UUID existingTaskId;

  public IdempotencyConflictException(String key, UUID existingTaskId) {
    super(
        "idempotencyKey '"
            + key
            + "' was already used for task "
            + existingTaskId
            + " with a different body; use a new key for a different task");
    this.existingTaskId = existingTaskId;
  }

  public UUID existingTaskId() {
    return existingTaskId;
  }
}
