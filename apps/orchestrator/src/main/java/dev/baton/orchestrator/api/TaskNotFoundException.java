package dev.baton.orchestrator.api;

import java.util.UUID;

/** No task has this id. */
class TaskNotFoundException extends RuntimeException {

  TaskNotFoundException(UUID id) {
    super("no task with id " + id);
  }
}
