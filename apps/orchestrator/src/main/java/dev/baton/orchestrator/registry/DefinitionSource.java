package dev.baton.orchestrator.registry;

import java.util.List;

/** A place definitions are loaded from: a directory or zip file, or an HTTP index. */
public interface DefinitionSource {

  /** The path or URL, for logs and problem reports. */
  String describe();

  /**
   * Reads every definition the source holds. Never throws for a bad definition or an unreachable
   * source: each is reported as a problem and loading goes on.
   */
  Loaded load();

  /** What one source gave. */
  record Loaded(List<TaskDefinition> definitions, List<LoadProblem> problems) {
    public Loaded {
      definitions = List.copyOf(definitions);
      problems = List.copyOf(problems);
    }
  }
}
