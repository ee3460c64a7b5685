package dev.baton.orchestrator.api;

import dev.baton.orchestrator.api.ProblemHandler.FieldError;
import dev.baton.orchestrator.ratelimit.SubmissionRateLimiter;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.task.BatchSubmissions;
import dev.baton.orchestrator.task.InvalidBatchException;
import dev.baton.protocol.TaskSubmission;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/tasks/batch}: up to 1,000 submissions in one transaction, all or none. Each
 * item is read and validated on its own, exactly like a single {@code POST /api/v1/tasks}, so one
 * answer names every bad item ({@code tasks[3].priority}).
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskBatchController {

  static final int MAX_TASKS = 1_000;

  private final BatchSubmissions batches;
  private final JsonMapper mapper;
  private final SpringValidatorAdapter validator;

  private final SubmissionRateLimiter rateLimiter;

  TaskBatchController(
      BatchSubmissions batches,
      JsonMapper mapper,
      Validator validator,
      SubmissionRateLimiter rateLimiter) {
    this.rateLimiter = rateLimiter;
    this.batches = batches;
    this.mapper = mapper;
    this.validator = new SpringValidatorAdapter(validator);
  }

  /** The body: {@code {"tasks":[submission, …]}}; items stay JSON until each is read alone. */
  record BatchRequest(List<JsonNode> tasks) {}

  /** The ids of the tasks, in the order of the request (an idempotent repeat: the first task's). */
  record BatchResponse(List<UUID> ids) {}

  /** {@code 201} when the batch created a task, {@code 200} when every item was a repeat. */
  @io.swagger.v3.oas.annotations.Operation(
      summary = "Submit up to 1,000 tasks in one transaction",
      description =
          "All or nothing: if any item is invalid nothing is stored and errors[].field names each bad item (tasks[3].priority).",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @io.swagger.v3.oas.annotations.media.Content(
                      examples =
                          @io.swagger.v3.oas.annotations.media.ExampleObject(
                              value =
                                  "{\"tasks\":[{\"type\":\"echo\",\"input\":{\"n\":1}},{\"type\":\"sha256\",\"input\":{\"text\":\"abc\"},\"priority\":7}]}"))))
  @PostMapping("/batch")
  ResponseEntity<BatchResponse> submit(@RequestBody BatchRequest request) {
    var submissions = read(request);
    try {
      var caller = Callers.submitting(rateLimiter, submissions.size());
      var submitted = batches.submitAll(submissions, caller.tenantId());
      var ids = submitted.stream().map(s -> s.task().id()).toList();
      var created = submitted.stream().anyMatch(s -> s.created());
      return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
          .body(new BatchResponse(ids));
    } catch (InvalidBatchException e) {
      throw rejected(e);
    }
  }

  private List<TaskSubmission> read(BatchRequest request) {
    var items = request.tasks();
    if (items == null || items.isEmpty() || items.size() > MAX_TASKS) {
      throw ProblemException.invalid(
          "tasks",
          "must hold 1 to "
              + MAX_TASKS
              + " submissions; got "
              + (items == null ? "none" : items.size()));
    }
    var submissions = new ArrayList<TaskSubmission>(items.size());
    var errors = new ArrayList<FieldError>();
    for (int i = 0; i < items.size(); i++) {
      var prefix = "tasks[" + i + "]";
      SubmitTaskRequest item;
      try {
        item = mapper.treeToValue(items.get(i), SubmitTaskRequest.class);
      } catch (JacksonException e) {
        var path = ProblemHandler.pathOf(e);
        errors.add(
            new FieldError(path.isEmpty() ? prefix : prefix + "." + path, JsonErrors.message(e)));
        continue;
      }
      if (item == null) {
        errors.add(new FieldError(prefix, "must be a submission (a JSON object)"));
        continue;
      }
      var binding = new BeanPropertyBindingResult(item, prefix);
      validator.validate(item, binding);
      binding.getFieldErrors().stream()
          .sorted(Comparator.comparing(org.springframework.validation.FieldError::getField))
          .forEach(
              e -> errors.add(new FieldError(prefix + "." + e.getField(), e.getDefaultMessage())));
      submissions.add(item.toSubmission());
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The batch has invalid items; nothing was stored.", errors);
    }
    return submissions;
  }

  private static ProblemException rejected(InvalidBatchException e) {
    var errors =
        e.errors().stream()
            .map(x -> new FieldError("tasks[" + x.index() + "]." + x.field(), x.message()))
            .toList();
    if (e.errors().stream().allMatch(InvalidBatchException.ItemError::conflict)) {
      return new ProblemException(
          HttpStatus.CONFLICT,
          "Idempotency key reused",
          "Items reuse idempotency keys with other bodies; nothing was stored.",
          errors);
    }
    return ProblemException.invalid("The batch has invalid items; nothing was stored.", errors);
  }
}
