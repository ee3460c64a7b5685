package dev.baton.orchestrator.pull;

import java.util.UUID;

/** No task has this id ({@code 404}). */
class UnknownTaskException extends RuntimeException {

  UnknownTaskException(UUID id) {
    super("no task with id " + id);
  }
}
