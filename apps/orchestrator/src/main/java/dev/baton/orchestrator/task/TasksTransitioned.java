package dev.baton.orchestrator.task;

import java.util.List;

/**
 * The transitions (and new tasks) of one committed transaction, in the order they were made:
 * published once after the commit, never for a rolled-back one (see {@link CommittedTransitions}).
 */
public record TasksTransitioned(List<TaskTransitioned> transitions) {

  public TasksTransitioned {
    transitions = List.copyOf(transitions);
  }
}
