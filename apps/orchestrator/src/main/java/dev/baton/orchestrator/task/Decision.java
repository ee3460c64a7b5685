package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the state machine decided for one event: move to {@code to} (possibly the same state, e.g.
 * progress) by {@code operation}, ignore it (recorded in the history, nothing changes), or reject
 * it (a command that is not allowed in this state; the caller gets a conflict). Either way it may
 * need {@code followUps} in the outbox.
 *
 * @param takenOverFrom for an applied worker report: the worker that held the attempt until this
 *     report took it over (the broker redelivered the dispatch to the reporter); null otherwise
 */
public record Decision(
    Kind kind,
    TaskStatus to,
    TaskOperation operation,
    Set<FollowUp> followUps,
    String reason,
    String takenOverFrom) {

  /** Follow-ups keep their declaration order: the order they are written in. */
  public Decision {
    followUps =
        followUps.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(followUps));
  }

  /** The three outcomes of a decision. */
  public enum Kind {
    APPLY,
    IGNORE,
    REJECT
  }

  static Decision apply(TaskStatus to, TaskOperation operation, Set<FollowUp> followUps) {
    return new Decision(Kind.APPLY, to, operation, followUps, null, null);
  }

  static Decision ignore(String reason) {
    return new Decision(Kind.IGNORE, null, null, Set.of(), reason, null);
  }

  static Decision reject(String reason) {
    return new Decision(Kind.REJECT, null, null, Set.of(), reason, null);
  }

  public boolean applied() {
    return kind == Kind.APPLY;
  }

  /** This applied decision, as a take-over of the attempt from {@code holder}. */
  Decision takingOverFrom(String holder) {
    return new Decision(
        kind,
        to,
        operation,
        with(FollowUp.STOP_FORMER_HOLDER),
        "taken over from worker "
            + holder
            + ": the broker redelivered the dispatch (the holder's channel closed unacked)",
        holder);
  }

  /** This decision, with {@code followUp} too. */
  Decision also(FollowUp followUp) {
    return new Decision(kind, to, operation, with(followUp), reason, takenOverFrom);
  }

  private Set<FollowUp> with(FollowUp followUp) {
    var all = EnumSet.of(followUp);
    all.addAll(followUps);
    return all;
  }

  public boolean isTakeOver() {
    return takenOverFrom != null;
  }
}
