package dev.baton.orchestrator.api;

import dev.baton.orchestrator.task.TaskCommands;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.orchestrator.worker.WorkerStats;
import dev.baton.protocol.ProtocolCodec;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
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
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

  private final TaskSubmissions submissions;
  private final TaskQueries queries;
  private final TaskCommands commands;
  private final WorkerStats workerStats;
  private final ProtocolCodec codec;

  TaskController(
      TaskSubmissions submissions,
      TaskQueries queries,
      TaskCommands commands,
      WorkerStats workerStats,
      ProtocolCodec codec) {
    this.workerStats = workerStats;
    this.submissions = submissions;
    this.commands = commands;
    this.queries = queries;
    this.codec = codec;
  }

  /** Submits one task: {@code 201} with its location; an idempotent repeat answers {@code 200}. */
  @PostMapping
  ResponseEntity<TaskResponse> submit(@Valid @RequestBody SubmitTaskRequest request) {
    var submitted = submissions.submit(request.toSubmission());
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
  @GetMapping("/stats")
  StatsResponse stats(@RequestParam MultiValueMap<String, String> params) {
    var filter = TaskListParameters.forStats(params);
    return new StatsResponse(queries.stats(filter), workerStats.countByStatus());
  }

  @GetMapping("/{id}")
  TaskResponse get(@PathVariable UUID id) {
    return queries
        .find(id)
        .map(t -> TaskResponse.of(t, codec))
        .orElseThrow(() -> new TaskNotFoundException(id));
  }

  /** Cancels a non-terminal task ({@code 409} if terminal); a running worker is told to stop. */
  @PostMapping("/{id}/cancel")
  TaskResponse cancel(@PathVariable UUID id) {
    return commands
        .cancel(id)
        .map(t -> TaskResponse.of(t, codec))
        .orElseThrow(() -> new TaskNotFoundException(id));
  }

  /** Starts a new attempt of a FAILED or CANCELLED task ({@code 409} otherwise). */
  @PostMapping("/{id}/retry")
  TaskResponse retry(@PathVariable UUID id) {
    return commands
        .retry(id)
        .map(t -> TaskResponse.of(t, codec))
        .orElseThrow(() -> new TaskNotFoundException(id));
  }

  /** The task's history, oldest first, including the events that were ignored and why. */
  @GetMapping("/{id}/events")
  List<TaskHistoryResponse> events(@PathVariable UUID id) {
    return queries.history(id).orElseThrow(() -> new TaskNotFoundException(id)).stream()
        .map(TaskHistoryResponse::of)
        .toList();
  }
}
