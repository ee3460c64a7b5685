package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.persistence.GroupCommit;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskTransitions.TransitionResult;
import dev.baton.protocol.ProtocolCodec;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workers that cannot speak AMQP work over HTTP: claim tasks, heartbeat to keep the lease, then
 * complete or fail. A report the state machine ignores is a {@code 409} problem saying why; it is
 * recorded in the task's history all the same (the service's transaction commits before the
 * exception is raised here).
 */
@RestController
@RequestMapping("/api/v1/tasks")
class PullWorkerController {

  private final PullWorkers pull;
  private final TaskQueries queries;
  private final ProtocolCodec codec;
  private final GroupCommit writes;

  PullWorkerController(
      PullWorkers pull, TaskQueries queries, ProtocolCodec codec, GroupCommit writes) {
    this.pull = pull;
    this.queries = queries;
    this.codec = codec;
    this.writes = writes;
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Claim tasks (HTTP pull workers)",
      description =
          "Leases up to `limit` QUEUED or SUBMITTED tasks of the given types to one worker, best priority first, then oldest. Each task is claimed by one worker only.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"workerId\":\"pull-1\",\"types\":[\"resize\"],\"limit\":10}"))))
  @PostMapping("/claim")
  ClaimResponse claim(@Valid @RequestBody ClaimRequest request) {
    // Read here: the write runs on the group-commit writer's thread, which has no caller.
    var scope = Callers.current().scope();
    var claimed =
        writes.apply(
            () -> pull.claim(request.workerId(), request.types(), request.limitOrDefault(), scope));
    return new ClaimResponse(
        claimed.stream().map(t -> ClaimResponse.ClaimedTask.of(t, codec)).toList());
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Renew the lease of a claimed task and report progress",
      description =
          "The first heartbeat moves the task to RUNNING. 409 if the worker does not hold this attempt.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"workerId\":\"pull-1\",\"attempt\":1,\"progress\":40,\"message\":\"resized 4 of 10\"}"))))
  @PostMapping("/{id}/heartbeat")
  ReportResponse heartbeat(@PathVariable UUID id, @Valid @RequestBody HeartbeatRequest request) {
    visible(id);
    return answer(
        id,
        request.attempt(),
        writes.apply(
            () ->
                pull.heartbeat(
                    id,
                    request.workerId(),
                    request.attempt(),
                    request.progress(),
                    request.message())));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Complete a claimed task",
      description =
          "409 if the worker does not hold this attempt (the lease ran out, or the task was cancelled).",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"workerId\":\"pull-1\",\"attempt\":1,\"result\":{\"url\":\"s3://bucket/out.png\"}}"))))
  @PostMapping("/{id}/complete")
  ReportResponse complete(@PathVariable UUID id, @Valid @RequestBody CompleteRequest request) {
    visible(id);
    var resultJson = request.result() == null ? null : request.result().toString();
    return answer(
        id,
        request.attempt(),
        writes.apply(() -> pull.complete(id, request.workerId(), request.attempt(), resultJson)));
  }

  @io.swagger.v3.oas.annotations.Operation(
      summary = "Fail a claimed task",
      description =
          "Retried if retryable and attempts are left. 409 if the worker does not hold this attempt.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"workerId\":\"pull-1\",\"attempt\":1,\"error\":{\"message\":\"source image missing\",\"type\":\"NotFound\",\"retryable\":false}}"))))
  @PostMapping("/{id}/fail")
  ReportResponse fail(@PathVariable UUID id, @Valid @RequestBody FailRequest request) {
    visible(id);
    return answer(
        id,
        request.attempt(),
        writes.apply(
            () ->
                pull.fail(
                    id, request.workerId(), request.attempt(), request.error().toTaskError())));
  }

  /** Answers 404 unless the task exists in a tenant the caller sees. */
  private void visible(UUID id) {
    if (queries.find(id, Callers.current().scope()).isEmpty()) {
      throw new UnknownTaskException(id);
    }
  }

  private static ReportResponse answer(UUID id, int attempt, Optional<TransitionResult> outcome) {
    var result = outcome.orElseThrow(() -> new UnknownTaskException(id));
    if (!result.decision().applied()) {
      throw new ReportNotAcceptedException(result.task(), result.decision().reason());
    }
    return ReportResponse.of(result.task(), attempt);
  }
}
