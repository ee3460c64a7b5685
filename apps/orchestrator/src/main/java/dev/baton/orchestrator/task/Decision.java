package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;

/**
 * What the state machine decided for one trigger: move to {@code to} (possibly the same state, e.g.
 * progress), ignore it (recorded in the history, nothing changes), or reject it (a command that is
 * not allowed in this state; the caller gets a conflict).
 *
 * @param takenOverFrom for an applied worker report: the worker that held the attempt until this
 *     report took it over (the broker redelivered the dispatch to the reporter); null otherwise
 */
public record Decision(Kind kind, TaskStatus to, String reason, String takenOverFrom) {

  public Decision(Kind kind, TaskStatus to, String reason) {
    this(kind, to, reason, null);
  }

  /** The three outcomes of a decision. */
  public enum Kind {
    APPLY,
    IGNORE,
    REJECT
  }

  static Decision apply(TaskStatus to) {
    return new Decision(Kind.APPLY, to, null);
  }

  static Decision ignore(String reason) {
    return new Decision(Kind.IGNORE, null, reason);
  }

  static Decision reject(String reason) {
    return new Decision(Kind.REJECT, null, reason);
  }

  public boolean applied() {
    return kind == Kind.APPLY;
  }

  /** This applied decision, as a take-over of the attempt from {@code holder}. */
  Decision takingOverFrom(String holder) {
    return new Decision(
        kind,
        to,
        "taken over from worker "
            + holder
            + ": the broker redelivered the dispatch (the holder's channel closed unacked)",
        holder);
  }

  public boolean isTakeOver() {
    return takenOverFrom != null;
  }
}
