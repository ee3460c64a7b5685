package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.task.OutboxMessage;
import java.time.Instant;
import java.util.Map;

/**
 * What became of a batch the relay handed to the broker: every outbox row the broker did not take,
 * with the reason and when to try it again. The others are confirmed.
 */
record Publication(Map<Long, NotPublished> notPublished) {

  /**
   * One row that stays in the outbox.
   *
   * @param tried whether it was sent (returned, nacked) or refused with its queue's declaration: a
   *     failure that counts for the row; false when it was left out because its queue is backing
   *     off after an earlier failure
   */
  record NotPublished(String reason, Instant retryAt, boolean tried) {

    /** Keeps {@code row} in the outbox until {@code retryAt}, counting a tried one's failure. */
    void applyTo(OutboxMessage row) {
      if (tried) {
        row.publishFailed(reason, retryAt);
      } else {
        row.deferTo(retryAt);
      }
    }
  }

  Publication {
    notPublished = Map.copyOf(notPublished);
  }

  static Publication allConfirmed() {
    return new Publication(Map.of());
  }

  /** Whether the broker confirmed {@code m} (a returned control message counts as confirmed). */
  boolean confirmed(OutboxMessage m) {
    return !notPublished.containsKey(m.id());
  }

  NotPublished why(OutboxMessage m) {
    return notPublished.get(m.id());
  }
}
