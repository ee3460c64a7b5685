package dev.baton.orchestrator.api;

import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.persistence.GroupCommit;
import dev.baton.orchestrator.ratelimit.SubmissionRateLimiter;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.Task;
import dev.baton.orchestrator.task.TaskCommands;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.orchestrator.worker.WorkerStats;
import dev.baton.protocol.ProtocolCodec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Producers submit tasks and read them back. */
@Tag(name = "Tasks", description = "Submit tasks, read them and their history, cancel and retry")
@ApiResponse(
    responseCode = "400",
    description = "Invalid input; `errors[].field` names each field at fault",
    content =
        @Content(
            mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class),
            examples = @ExampleObject(value = ApiExamples.PROBLEM)))
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

  private final TaskSubmissions submissions;
  private final TaskQueries queries;
  private final TaskCommands commands;
  private final WorkerStats workerStats;
  private final ProtocolCodec codec;
  private final SubmissionRateLimiter rateLimiter;
  private final GroupCommit writes;

  TaskController(
      TaskSubmissions submissions,
      TaskQueries queries,
      TaskCommands commands,
      WorkerStats workerStats,
      ProtocolCodec codec,
      SubmissionRateLimiter rateLimiter,
      GroupCommit writes) {
    this.writes = writes;
    this.rateLimiter = rateLimiter;
    this.workerStats = workerStats;
    this.submissions = submissions;
    this.commands = commands;
    this.queries = queries;
    this.codec = codec;
  }

  /** Submits one task: {@code 201} with its location; an idempotent repeat answers {@code 200}. */
  @Operation(
      summary = "Submit a task",
      description =
          "Persists the task and its dispatch in one transaction; 201 with Location. A repeat with"
              + " the same idempotencyKey and body answers 200 with the first task; the same key"
              + " with another body is a 409.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(examples = @ExampleObject(value = ApiExamples.SUBMIT))))
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "200", description = "Idempotent repeat: the first task")
  @ApiResponse(
      responseCode = "409",
      description = "idempotencyKey reused with another body",
      content = @Content(mediaType = "application/problem+json"))
  @PostMapping
  ResponseEntity<TaskResponse> submit(@Valid @RequestBody SubmitTaskRequest request) {
    var caller = Callers.submitting(rateLimiter, 1);
    var submission = request.toSubmission();
    // Applied with whatever other writes wait at this moment, in one transaction; answered after
    // its commit (persistence/GroupCommit).
    var submitted = writes.apply(() -> submissions.submit(submission, caller.tenantId()));
    var body = TaskResponse.of(submitted.task(), codec);
    if (!submitted.created()) {
      return ResponseEntity.ok(body);
    }
    var location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(body.id())
            .toUri();
    return ResponseEntity.created(location).body(body);
  }

  /**
   * Counts of tasks by state (every state present) and of workers by status; the task counts take
   * the filters of the list (not limit, cursor).
   */
  @Operation(
      summary = "Count tasks by state (every state present) and workers by status",
      description = "Takes the list's filters: status, type, tag, workerId, createdAfter/Before.")
  @FilterParameters(paging = false)
  @GetMapping("/stats")
  StatsResponse stats(@RequestParam MultiValueMap<String, String> params) {
    var scope = Callers.current().scope();
    var filter = TaskListParameters.forStats(params).scopedTo(scope);
    return new StatsResponse(queries.stats(filter), workerStats.countByStatus(scope));
  }

  @Operation(summary = "Get a task")
  @ApiResponse(
      responseCode = "404",
      description = "No such task",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/{id}")
  TaskResponse get(@PathVariable UUID id) {
    return found(id, queries.find(id, Callers.current().scope()));
  }

  /** Cancels a non-terminal task ({@code 409} if terminal); a running worker is told to stop. */
  @Operation(
      summary = "Cancel a task",
      description = "Any non-terminal task; a worker running it is told to stop. 409 if terminal.")
  @ApiResponse(
      responseCode = "409",
      description = "The task is terminal",
      content = @Content(mediaType = "application/problem+json"))
  @PostMapping("/{id}/cancel")
  TaskResponse cancel(@PathVariable UUID id) {
    visible(id);
    return found(id, ConflictRetry.run(() -> commands.cancel(id)));
  }

  /** Starts a new attempt of a FAILED or CANCELLED task ({@code 409} otherwise). */
  @Operation(
      summary = "Retry a FAILED or CANCELLED task",
      description = "Starts one new attempt (attempt + 1). 409 in any other state.")
  @ApiResponse(
      responseCode = "409",
      description = "The task is not FAILED or CANCELLED",
      content = @Content(mediaType = "application/problem+json"))
  @PostMapping("/{id}/retry")
  TaskResponse retry(@PathVariable UUID id) {
    visible(id);
    return found(id, ConflictRetry.run(() -> commands.retry(id)));
  }

  /** The task's history, oldest first, including the events that were ignored and why. */
  @Operation(
      summary = "A task's history, oldest first",
      description = "One entry per trigger, applied or ignored (with the reason).")
  @GetMapping("/{id}/events")
  List<TaskHistoryResponse> events(@PathVariable UUID id) {
    return queries
        .history(id, Callers.current().scope())
        .orElseThrow(() -> new TaskNotFoundException(id))
        .stream()
        .map(TaskHistoryResponse::of)
        .toList();
  }

  /** Answers 404 unless the task exists in a tenant the caller sees. */
  private void visible(UUID id) {
    if (queries.find(id, Callers.current().scope()).isEmpty()) {
      throw new TaskNotFoundException(id);
    }
  }

  /** The task as a response, or a 404 problem when there is none. */
  private TaskResponse found(UUID id, Optional<Task> task) {
    return task.map(t -> TaskResponse.of(t, codec))
        .orElseThrow(() -> new TaskNotFoundException(id));
  }
}
