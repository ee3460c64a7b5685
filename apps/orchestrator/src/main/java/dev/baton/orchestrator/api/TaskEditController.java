package dev.baton.orchestrator.api;

import dev.baton.orchestrator.api.ProblemHandler.FieldError;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.TaskEdits;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.protocol.ProtocolCodec;
import jakarta.validation.Valid;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Changes a task outside its life cycle: PATCH priority and tags, DELETE a finished task. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskEditController {

  private final TaskEdits edits;
  private final TaskQueries queries;
  private final ProtocolCodec codec;

  TaskEditController(TaskEdits edits, TaskQueries queries, ProtocolCodec codec) {
    this.edits = edits;
    this.queries = queries;
    this.codec = codec;
  }

  /**
   * Changes the priority and/or tags of a non-terminal task ({@code 409} if terminal). A new
   * priority applies to dispatches not yet published; one already with the broker keeps its own.
   */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Change the priority or tags of a non-terminal task",
      description =
          "409 if the task is terminal. A new priority applies to dispatches not yet published.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"priority\":9,\"tags\":{\"team\":\"search\",\"urgent\":\"yes\"}}"))))
  @PatchMapping("/{id}")
  TaskResponse patch(@PathVariable UUID id, @Valid @RequestBody PatchTaskRequest request) {
    if (request.otherFields() != null && !request.otherFields().isEmpty()) {
      throw ProblemException.invalid(
          "Only priority and tags can be changed.",
          new TreeSet<>(request.otherFields().keySet())
              .stream()
                  .map(f -> new FieldError(f, "cannot be changed; only priority and tags can"))
                  .toList());
    }
    if (request.priority() == null && request.tags() == null) {
      throw ProblemException.invalid(
          "The patch changes nothing: give priority, tags or both.",
          List.of(
              new FieldError("priority", "priority or tags is required"),
              new FieldError("tags", "priority or tags is required")));
    }
    visible(id);
    return ConflictRetry.run(() -> edits.patch(id, request.priority(), request.tags()))
        .map(t -> TaskResponse.of(t, codec))
        .orElseThrow(() -> new TaskNotFoundException(id));
  }

  /** Deletes a terminal task with its history ({@code 204}); {@code 409} if it has not ended. */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Delete a terminal task with its history",
      description = "204; 409 if the task is not terminal.")
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable UUID id) {
    visible(id);
    if (!edits.delete(id)) {
      throw new TaskNotFoundException(id);
    }
    return ResponseEntity.noContent().build();
  }

  /** Answers 404 unless the task exists in a tenant the caller sees. */
  private void visible(UUID id) {
    if (queries.find(id, Callers.current().scope()).isEmpty()) {
      throw new TaskNotFoundException(id);
    }
  }
}
