package dev.baton.orchestrator.api;

import java.util.List;
import java.util.function.BiConsumer;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the fields at fault; answered as a problem by status. */
public class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String title;
  private final List<ProblemHandler.FieldError> errors;

  ProblemException(
      HttpStatus status, String title, String detail, List<ProblemHandler.FieldError> errors) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  /** A {@code 400} naming the fields at fault. */
  static ProblemException invalid(String detail, List<ProblemHandler.FieldError> errors) {
    return new ProblemException(HttpStatus.BAD_REQUEST, "Invalid input", detail, errors);
  }

  /** A {@code 400} naming one field (or parameter). */
  public static ProblemException invalid(String field, String message) {
    return invalid(
        "The request has invalid fields.", List.of(new ProblemHandler.FieldError(field, message)));
  }

  HttpStatus status() {
    return status;
  }

  String title() {
    return title;
  }

  List<ProblemHandler.FieldError> errors() {
    return errors;
  }

  /** Each field at fault and its message, in order: for front ends other than REST (GraphQL). */
  public void forEachFieldError(BiConsumer<String, String> action) {
    errors.forEach(e -> action.accept(e.field(), e.message()));
  }
}
