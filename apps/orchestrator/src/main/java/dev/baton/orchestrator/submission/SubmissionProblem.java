package dev.baton.orchestrator.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.orchestrator.task.IdempotencyConflictException;
import dev.baton.orchestrator.task.InvalidSubmissionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a submission was refused, as the same problem JSON that {@code POST /api/v1/tasks} answers
 * (RFC 9457, with {@code errors[].field} naming each field at fault).
 */
final class SubmissionProblem extends RuntimeException {

  static final String INVALID_INPUT = "https://baton.dev/problems/invalid-input";

  /** One field at fault; {@code field} is a JSON path into the body. */
  record FieldError(
      String field, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String pointer) {
    FieldError(String field, String message) {
      this(field, message, null);
    }
  }

  private final transient Map<String, Object> body;

  private SubmissionProblem(String reason, Map<String, Object> body) {
    super(reason, null, false, false);
    this.body = body;
  }

  static SubmissionProblem invalid(String detail, List<FieldError> errors) {
    var body = problem(INVALID_INPUT, "Invalid input", 400, detail);
    body.put("errors", errors);
    var reason =
        errors.isEmpty()
            ? detail
            : errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .collect(Collectors.joining("; "));
    return new SubmissionProblem(reason, body);
  }

  static SubmissionProblem invalid(InvalidSubmissionException e) {
    var errors =
        e.violations().stream()
            .map(v -> new FieldError(v.field(), v.message(), v.pointer()))
            .toList();
    return invalid(
        errors.size() > 1 ? e.getMessage() : "The submission has invalid fields.", errors);
  }

  static SubmissionProblem invalidField(String field, String message) {
    return invalid("The submission has invalid fields.", List.of(new FieldError(field, message)));
  }

  static SubmissionProblem idempotencyConflict(IdempotencyConflictException e) {
    var body = problem("about:blank", "Idempotency key reused", 409, e.getMessage());
    body.put("existingTaskId", e.existingTaskId());
    body.put("errors", List.of(new FieldError("idempotencyKey", e.getMessage())));
    return new SubmissionProblem(e.getMessage(), body);
  }

  static SubmissionProblem noTenant(String userId) {
    var detail =
        userId == null
            ? "The message has no user_id property: set it to your RabbitMQ user name, which"
                + " baton.security.amqp-users maps to your tenant."
            : "RabbitMQ user '"
                + userId
                + "' is not mapped to a tenant: an operator adds it to baton.security.amqp-users.";
    var body = problem("about:blank", "No tenant", 403, detail);
    body.put("errors", List.of(new FieldError("user_id", detail)));
    return new SubmissionProblem(detail, body);
  }

  /** The same answer as a REST body over the limit ({@code 413}). */
  static SubmissionProblem tooLarge(String reason, long maxBytes) {
    var body =
        problem(
            "https://baton.dev/problems/body-too-large",
            "Message too large",
            413,
            "The message body is larger than the limit of " + maxBytes + " bytes.");
    body.put("maxBytes", maxBytes);
    body.put("errors", List.of(new FieldError("body", "must be at most " + maxBytes + " bytes")));
    return new SubmissionProblem(reason, body);
  }

  static SubmissionProblem notStored(RuntimeException e) {
    var body =
        problem(
            "about:blank",
            "Not stored",
            500,
            "The submission could not be stored; it was dead-lettered with the reason.");
    return new SubmissionProblem("could not be stored: " + e.getMessage(), body);
  }

  private static Map<String, Object> problem(String type, String title, int status, String detail) {
    var body = new LinkedHashMap<String, Object>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    return body;
  }

  Map<String, Object> body() {
    return body;
  }
}
