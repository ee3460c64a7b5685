package dev.baton.orchestrator.task;

import java.util.List;

/** A submission that passed the shape checks but breaks a rule across fields or a schema. */
public class InvalidSubmissionException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidSubmissionException(String field, String message) {
    this(message, List.of(new Violation(field, null, message)));
  }

  /**
   * Several violations at once (an input against its schema).
   *
   * @param summary one sentence for logs and the problem's detail
   */
  public InvalidSubmissionException(String summary, List<Violation> violations) {
    super(summary);
    this.violations = List.copyOf(violations);
  }

  /** The field of the first violation. */
  public String field() {
    return violations.get(0).field();
  }

  public List<Violation> violations() {
    return violations;
  }

  /**
   * One thing wrong.
   *
   * @param field a path into the submission ({@code input.text}, {@code version})
   * @param pointer for a schema violation, the JSON pointer into the submission's body ({@code
   *     /input/text}); null otherwise
   * @param message what is wrong
   */
  public record Violation(String field, String pointer, String message) {}
}
