package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskSubmission;

/**
 * Rules a submission must pass beyond its shape, from outside the task core: the task definition
 * registry resolves the version, fills the definition's defaults and checks the input against its
 * schema. Without a registry every submission passes unchanged.
 */
public interface SubmissionRules {

  /** Passes every submission unchanged. */
  SubmissionRules NONE = submission -> submission;

  /**
   * The submission with its version resolved and the definition's defaults filled in where it left
   * a field out.
   *
   * @throws InvalidSubmissionException naming every violation when it breaks the rules
   */
  TaskSubmission apply(TaskSubmission submission);
}
