package dev.baton.orchestrator.registry;

import java.util.List;

/** A definition document that cannot be loaded, with everything wrong in it. */
public class DefinitionException extends RuntimeException {

  private final String location;
  private final List<String> problems;

  /**
   * @param location the file or URL of the document
   * @param problems each thing wrong, naming the field at fault; at least one
   */
  public DefinitionException(String location, List<String> problems) {
    super(location + ": " + join(problems));
    this.location = location;
    this.problems = List.copyOf(problems);
  }

  /** The file or URL of the document. */
  public String location() {
    return location;
  }

  /** Each thing wrong, naming the field at fault. */
  public List<String> problems() {
    return problems;
  }

  /** The problems in one line, without the location (for a report that shows it apart). */
  public String details() {
    return join(problems);
  }

  private static String join(List<String> problems) {
    return problems.size() == 1
        ? problems.get(0)
        : problems.size() + " problems: " + String.join("; ", problems);
  }
}
