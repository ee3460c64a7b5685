package dev.baton.orchestrator.task;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * The outbox as the relay sees it: the pending messages it reads, publishes and then deletes, and
 * the dispatches a concurrency limit holds back. Only {@link TaskTransitions} (and {@link
 * TaskEdits}) write new messages; the rows returned here are managed entities, so the relay changes
 * a row (holds it, defers it, counts a failure) on the row itself.
 *
 * <p>No transactions of its own: each call runs in the caller's, whose boundaries decide what the
 * relay reads and writes together (outside one, a call is its own read-only transaction, as with
 * the repository).
 */
@Service
public class Outbox {

  private final OutboxRepository messages;

  @PersistenceContext private EntityManager entityManager;

  Outbox(OutboxRepository messages) {
    this.messages = messages;
  }

  /** Messages due for publishing, earliest due first, at most {@code max} (index ix_outbox_due). */
  public List<OutboxMessage> due(Instant now, int max) {
    return messages.findByHeldFalseAndNotBeforeLessThanEqualOrderByNotBeforeAscIdAsc(
        now, Limit.of(max));
  }

  /**
   * Messages due after {@code after} in the relay's order ({@code notBefore}, then {@code id}):
   * those not yet handed to the broker while earlier ones wait for their confirms (index
   * ix_outbox_due).
   */
  public List<OutboxMessage> dueAfter(Instant now, OutboxMessage after, int max) {
    return messages.findDueAfter(now, after.notBefore(), after.id(), Limit.of(max));
  }

  /** The messages with these ids that still exist, in no particular order. */
  public List<OutboxMessage> find(Collection<Long> ids) {
    return messages.findAllById(ids);
  }

  /** The message, unless it is gone (published, or dropped with its task). */
  public Optional<OutboxMessage> find(long id) {
    return messages.findById(id);
  }

  /**
   * Deletes published messages: one statement prepared once, executed for each id as a JDBC batch
   * (not a JPQL {@code IN} list, which Hibernate translates anew for every size of batch); rows
   * already gone are skipped. Managed entities of the rows are not touched: the caller does not use
   * them after.
   *
   * @return how many rows were deleted
   */
  public int delete(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return SessionJdbc.run(
        entityManager,
        "deleting published outbox messages",
        connection -> {
          try (var delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (var id : ids) {
              delete.setLong(1, id);
              delete.addBatch();
            }
            int deleted = 0;
            for (int count : delete.executeBatch()) {
              deleted += Math.max(count, 0);
            }
            return deleted;
          }
        });
  }

  /** Deletes one published message (a released held dispatch); gone already is fine. */
  public void delete(long id) {
    messages.deleteById(id);
  }

  /** Task types that have dispatches held back by a concurrency limit (index ix_outbox_held). */
  public List<String> heldTargets() {
    return messages.findHeldTargets();
  }

  /** How many dispatches of a type are held (index ix_outbox_held). */
  public long heldCount(String target) {
    return messages.countByHeldTrueAndTarget(target);
  }

  /**
   * A type's held dispatches that are due, in release order: highest priority, then oldest; at most
   * {@code max}.
   */
  public List<OutboxMessage> dueHeld(String target, Instant now, int max) {
    return messages.findByHeldTrueAndTargetAndNotBeforeLessThanEqualOrderByPriorityDescIdAsc(
        target, now, Limit.of(max));
  }

  /** Pending dispatches of a type, held or not (index ix_outbox_held). */
  public long pendingDispatches(String target) {
    return messages.countByKindAndTarget(OutboxMessage.Kind.DISPATCH, target);
  }

  /** Pending messages of every kind. */
  public long pending() {
    return messages.count();
  }
}
