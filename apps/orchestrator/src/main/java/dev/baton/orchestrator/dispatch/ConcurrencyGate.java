package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.task.Outbox;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.protocol.TaskStatus;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Concurrency limits of task definitions: at most N attempts of a type hold a slot at once, where a
 * slot is an attempt in the broker (or claimable), assigned or running. The relay holds every
 * dispatch of a limited type back (its task QUEUED, the message in the outbox) and releases them,
 * best priority first, as slots free. Counting dispatched attempts rather than running ones means a
 * message already in the broker can never push a type past its limit, whichever worker takes it.
 *
 * <p>Only the relay dispatches, on one thread, so counting then releasing cannot race within one
 * orchestrator (several instances share the count through the database; see docs/scaling.md).
 */
@Component
class ConcurrencyGate {

  /** Leaving one of these states frees a slot. */
  private static final Set<TaskStatus> HOLDING_A_SLOT =
      EnumSet.of(TaskStatus.QUEUED, TaskStatus.ASSIGNED, TaskStatus.RUNNING);

  private final DefinitionRegistry definitions;
  private final TaskQueries queries;
  private final Outbox outbox;

  ConcurrencyGate(DefinitionRegistry definitions, TaskQueries queries, Outbox outbox) {
    this.definitions = definitions;
    this.queries = queries;
    this.outbox = outbox;
  }

  /** Whether dispatches of the type go through the gate. */
  boolean limited(String type) {
    return definitions.concurrencyLimit(type).isPresent();
  }

  /** Whether any definition has a limit now (else nothing new is ever held). */
  boolean anyLimited() {
    return definitions.latestOfEach().stream().anyMatch(d -> d.concurrencyLimit() != null);
  }

  /** How many more attempts of the type may be dispatched now (MAX_VALUE when unlimited). */
  int freeSlots(String type) {
    var limit = definitions.concurrencyLimit(type);
    if (limit.isEmpty()) {
      return Integer.MAX_VALUE; // the limit was removed by a reload: let the held ones go
    }
    // A held dispatch's task is QUEUED (cancel and delete remove the message), so the held ones
    // are exactly the QUEUED tasks that hold no slot.
    long holding = queries.count(type, HOLDING_A_SLOT) - outbox.heldCount(type);
    return (int) Math.max(0, limit.get() - holding);
  }

  /** Whether a transition from {@code from} to {@code to} of a limited type frees a slot. */
  boolean freesASlot(String type, TaskStatus from, TaskStatus to) {
    return from != null
        && HOLDING_A_SLOT.contains(from)
        && !HOLDING_A_SLOT.contains(to)
        && limited(type);
  }

  /** What the history says of a held dispatch. */
  String heldNote(String type) {
    return "held: concurrency limit of "
        + type
        + " ("
        + definitions.concurrencyLimit(type).orElse(0)
        + ") reached; dispatched when a slot frees";
  }
}
