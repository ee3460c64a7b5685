package dev.baton.orchestrator.api;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.orchestrator.persistence.WriterUnavailableException;
import dev.baton.orchestrator.ratelimit.RateLimitedException;
import dev.baton.orchestrator.registry.DefinitionConflictException;
import dev.baton.orchestrator.registry.DefinitionException;
import dev.baton.orchestrator.security.Callers;
import dev.baton.orchestrator.security.KeyRequestException;
import dev.baton.orchestrator.task.IdempotencyConflictException;
import dev.baton.orchestrator.task.InvalidSubmissionException;
import dev.baton.orchestrator.task.TaskConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;

/**
 * Every error is {@code application/problem+json}; input errors name the field at fault in {@code
 * errors[].field} (a JSON path into the request body, or the parameter name).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  static final URI INVALID_INPUT = URI.create("https://baton.dev/problems/invalid-input");

  private final StreamReadConstraints jsonReadConstraints;

  ProblemHandler(StreamReadConstraints jsonReadConstraints) {
    this.jsonReadConstraints = jsonReadConstraints;
  }

  /** One field at fault. */
  record FieldError(
      String field, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String pointer) {
    FieldError(String field, String message) {
      this(field, message, null);
    }
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
            .sorted((a, b) -> a.field().compareTo(b.field()))
            .toList();
    return invalid("The request has invalid fields.", errors);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var tooLarge = causeOf(ex, BodyTooLargeException.class);
    if (tooLarge != null) {
      return bodyTooLarge(tooLarge);
    }
    var limit = JsonReadLimits.violation(ex);
    if (limit != null) {
      var field = pathOf(limit);
      var problem = JsonReadLimits.describe(limit, jsonReadConstraints);
      return invalid(
          "The request body " + problem + ".",
          List.of(
              new FieldError(
                  field.isEmpty() ? "body" : field, problem, JsonReadLimits.pointerOf(limit))));
    }
    var jackson = jacksonCause(ex);
    if (jackson != null) {
      var field = pathOf(jackson);
      if (field.isEmpty()) {
        return invalid(
            "The request body is not valid JSON: " + jackson.getOriginalMessage(), List.of());
      }
      return invalid(
          "The request body has an invalid value.",
          List.of(new FieldError(field, JsonErrors.message(jackson))));
    }
    return invalid("The request body is missing or unreadable.", List.of());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
    return invalid(
        "Parameter '" + ex.getName() + "' is invalid.",
        List.of(
            new FieldError(
                ex.getName(),
                "must be "
                    + expected(ex.getRequiredType())
                    + ", got '"
                    + shown(ex.getValue())
                    + "'")));
  }

  /** What a parameter of this type must be, in the API's words rather than Java's. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type == UUID.class) {
      return "a UUID, e.g. 3f2b8c1e-0000-4000-8000-000000000000";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(joining(", "));
    }
    return "a " + type.getSimpleName();
  }

  /** A rejected value as echoed back: long ones shortened, so a 400 is never larger than needed. */
  private static String shown(Object value) {
    var text = String.valueOf(value);
    return text.length() <= 100 ? text : text.substring(0, 100) + "… (" + text.length() + " chars)";
  }

  /**
   * Tomcat could not read the parameters: too many ({@code server.tomcat.max-parameter-count}), or
   * a form body that is not valid percent-encoded UTF-8 (a malformed query string is refused
   * before, by {@link QueryStringFilter}, naming the parameter).
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> unreadableParameters(
      InvalidParameterException ex, HttpServletRequest request) {
    log.debug("Unreadable request parameters", ex);
    var errors = new ArrayList<>(QueryStrings.malformed(request.getQueryString()));
    if (errors.isEmpty()) {
      errors.add(
          new FieldError(
              "parameters",
              "cannot be read: there are too many, or a form body is not valid percent-encoded"
                  + " UTF-8"));
    }
    return invalid("The request's parameters cannot be read.", errors);
  }

  @ExceptionHandler(TaskNotFoundException.class)
  ProblemDetail notFound(TaskNotFoundException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
    problem.setTitle("Task not found");
    return problem;
  }

  @ExceptionHandler(DefinitionNotFoundException.class)
  ProblemDetail definitionNotFound(DefinitionNotFoundException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
    problem.setTitle("Definition not found");
    return problem;
  }

  @ExceptionHandler(DefinitionConflictException.class)
  ProblemDetail definitionConflict(DefinitionConflictException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    problem.setTitle("Definition version exists");
    return problem;
  }

  @ExceptionHandler(DefinitionException.class)
  ResponseEntity<Object> invalidDefinition(DefinitionException ex) {
    // Each problem starts with the field it names ("version: ...").
    var errors =
        ex.problems().stream()
            .map(
                p -> {
                  int colon = p.indexOf(": ");
                  return colon > 0 && p.substring(0, colon).matches("[A-Za-z.\\[\\]0-9]+")
                      ? new FieldError(p.substring(0, colon), p.substring(colon + 2))
                      : new FieldError("body", p);
                })
            .toList();
    return invalid("The definition is not valid: " + ex.details(), errors);
  }

  @ExceptionHandler(IdempotencyConflictException.class)
  ProblemDetail idempotencyConflict(IdempotencyConflictException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    problem.setTitle("Idempotency key reused");
    problem.setProperty("existingTaskId", ex.existingTaskId());
    problem.setProperty("errors", List.of(new FieldError("idempotencyKey", ex.getMessage())));
    return problem;
  }

  @ExceptionHandler(InvalidSubmissionException.class)
  ResponseEntity<Object> invalidSubmission(InvalidSubmissionException ex) {
    var errors =
        ex.violations().stream()
            .map(v -> new FieldError(v.field(), v.message(), v.pointer()))
            .toList();
    return invalid(errors.size() > 1 ? ex.getMessage() : "The request has invalid fields.", errors);
  }

  @ExceptionHandler(KeyRequestException.class)
  ResponseEntity<Object> invalidKeyRequest(KeyRequestException ex) {
    return invalid(
        "The key cannot be issued: " + ex.getMessage(),
        List.of(new FieldError(ex.field(), ex.reason())));
  }

  @ExceptionHandler(Callers.NotAuthenticatedException.class)
  ResponseEntity<Object> notAuthenticated(Callers.NotAuthenticatedException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, ex.getMessage());
    problem.setTitle("Unauthorized");
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header("WWW-Authenticate", "Bearer realm=\"baton\"")
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(TaskConflictException.class)
  ProblemDetail conflict(TaskConflictException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    problem.setTitle("Not allowed in the task's state");
    problem.setProperty("taskId", ex.taskId());
    problem.setProperty("taskStatus", ex.status());
    return problem;
  }

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<Object> problem(ProblemException ex) {
    if (ex.status() == HttpStatus.BAD_REQUEST) {
      return invalid(ex.getMessage(), ex.errors());
    }
    var problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
    problem.setTitle(ex.title());
    problem.setProperty("errors", ex.errors());
    return ResponseEntity.status(ex.status())
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Object> bodyTooLarge(BodyTooLargeException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
    problem.setType(URI.create("https://baton.dev/problems/body-too-large"));
    problem.setTitle("Request body too large");
    problem.setProperty("maxBytes", ex.maxBytes());
    problem.setProperty(
        "errors", List.of(new FieldError("body", "must be at most " + ex.maxBytes() + " bytes")));
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(RateLimitedException.class)
  ResponseEntity<Object> rateLimited(RateLimitedException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
    problem.setType(URI.create("https://baton.dev/problems/rate-limited"));
    problem.setTitle("Too many requests");
    problem.setProperty("retryAfterSeconds", ex.retryAfterSeconds());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(WriterUnavailableException.class)
  ResponseEntity<Object> writerUnavailable(WriterUnavailableException ex) {
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            ex.getMessage()
                + "; try again shortly (with the same idempotencyKey a repeat is safe: the write"
                + " may still have been stored)");
    problem.setTitle("Database busy or unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("Unexpected error answering a request", ex);
    var problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "The server failed to handle the request; the error is in its log. Nothing was changed"
                + " unless the response said so; retrying with the same idempotencyKey is safe.");
    problem.setTitle("Internal error");
    return problem;
  }

  private static ResponseEntity<Object> invalid(String detail, List<FieldError> errors) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(INVALID_INPUT);
    problem.setTitle("Invalid input");
    problem.setProperties(Map.of("errors", errors));
    return ResponseEntity.badRequest()
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
    for (var t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * The outermost Jackson error: it carries the path (its own cause may be e.g. a date parser's).
   */
  private static JacksonException jacksonCause(Throwable ex) {
    for (var t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JacksonException jackson) {
        return jackson;
      }
    }
    return null;
  }

  /** The JSON path of the failing value, e.g. {@code tags.env} or {@code items[2].priority}. */
  static String pathOf(JacksonException e) {
    var sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
