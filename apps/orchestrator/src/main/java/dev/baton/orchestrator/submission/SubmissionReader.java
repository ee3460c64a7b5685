package dev.baton.orchestrator.submission;

import dev.baton.orchestrator.api.JsonReadLimits;
import dev.baton.orchestrator.api.SubmitTaskRequest;
import dev.baton.orchestrator.submission.SubmissionProblem.FieldError;
import dev.baton.protocol.TaskSubmission;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a submission message body exactly as {@code POST /api/v1/tasks} reads its request: the
 * application's JSON mapper into {@link SubmitTaskRequest}, then the same Jakarta Validation
 * constraints.
 */
@Component
class SubmissionReader {

  private final JsonMapper json;
  private final Validator validator;
  private final StreamReadConstraints jsonReadConstraints;

  SubmissionReader(
      JsonMapper json, Validator validator, StreamReadConstraints jsonReadConstraints) {
    this.json = json;
    this.validator = validator;
    this.jsonReadConstraints = jsonReadConstraints;
  }

  /**
   * @throws SubmissionProblem naming what is wrong
   */
  TaskSubmission read(byte[] body) {
    if (body == null || body.length == 0) {
      throw SubmissionProblem.invalid(
          "The message body is empty; expected the JSON of a submission.", List.of());
    }
    SubmitTaskRequest request;
    try {
      request = json.readValue(body, SubmitTaskRequest.class);
    } catch (JacksonException e) {
      var field = pathOf(e);
      var limit = JsonReadLimits.violation(e);
      if (limit != null) {
        var problem = JsonReadLimits.describe(limit, jsonReadConstraints);
        throw SubmissionProblem.invalid(
            "The message body " + problem + ".",
            List.of(
                new FieldError(
                    field.isEmpty() ? "body" : field, problem, JsonReadLimits.pointerOf(limit))));
      }
      if (field.isEmpty()) {
        throw SubmissionProblem.invalid(
            "The message body is not a valid submission: " + e.getOriginalMessage(), List.of());
      }
      throw SubmissionProblem.invalid(
          "The message body has a value of the wrong type.",
          List.of(new FieldError(field, e.getOriginalMessage())));
    }
    if (request == null) {
      throw SubmissionProblem.invalid(
          "The message body is JSON null; expected a submission object.", List.of());
    }
    var violations = validator.validate(request);
    if (!violations.isEmpty()) {
      var errors =
          violations.stream()
              .map(v -> new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
              .sorted(Comparator.comparing(FieldError::field))
              .toList();
      throw SubmissionProblem.invalid("The submission has invalid fields.", errors);
    }
    return request.toSubmission();
  }

  /** The JSON path of the failing value, e.g. {@code tags.env} (as the REST problems name it). */
  private static String pathOf(JacksonException e) {
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

  /**
   * A constraint's property path as a field: {@code priority}, {@code backoff.factor}, {@code
   * tags[env]}.
   */
  private static String fieldOf(Path path) {
    var sb = new StringBuilder();
    for (var node : path) {
      if (node.isInIterable()) {
        var key = node.getKey() != null ? node.getKey() : node.getIndex();
        sb.append('[').append(key == null ? "" : key).append(']');
      }
      if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(node.getName());
      }
    }
    return sb.toString();
  }
}
