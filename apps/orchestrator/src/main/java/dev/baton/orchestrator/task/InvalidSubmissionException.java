package dev.baton.orchestrator.task;

/** A submission that passed the shape checks but breaks a rule across fields. */
public class InvalidSubmissionException extends RuntimeException {

  private final String field;

  public InvalidSubmissionException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
