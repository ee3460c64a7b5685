package dev.baton.worker;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The attempts this worker holds, by message id ({@code <taskId>:<attempt>}), and a bounded memory
 * of the ones it finished, so that a redelivered or republished dispatch runs only once here.
 *
 * <p>Each delivery is acked exactly once: a duplicate of a running attempt takes over as the
 * delivery acked after the result, and the delivery it replaces is acked at once. This matters
 * after a connection recovery, when the broker redelivers a running attempt and the old delivery
 * can no longer be acked: the new one carries the at-least-once guarantee.
 */
final class AttemptRegistry {

  /** What to do with a received dispatch. */
  enum Verdict {
    /** New here: run it. */
    RUN,
    /** Already running here: ack {@link Admission#toAck()} now, the attempt runs once. */
    DUPLICATE_OF_RUNNING,
    /** Finished here recently, its result confirmed: ack the delivery, run nothing. */
    DUPLICATE_OF_FINISHED
  }

  record Admission(Verdict verdict, DeliveryRef toAck) {}

  private final Map<String, Slot> running = new HashMap<>();
  private final Map<String, Boolean> finished;

  AttemptRegistry(int finishedCapacity) {
    this.finished =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > finishedCapacity;
          }
        };
  }

  synchronized Admission admit(Attempt attempt, DeliveryRef delivery) {
    var id = attempt.messageId();
    var slot = running.get(id);
    if (slot != null && slot.delivery == null) {
      // The running attempt's delivery was acked early (a long task): this copy is not needed.
      return new Admission(Verdict.DUPLICATE_OF_RUNNING, delivery);
    }
    if (slot != null) {
      var replaced = slot.delivery;
      slot.delivery = delivery;
      return new Admission(Verdict.DUPLICATE_OF_RUNNING, replaced);
    }
    if (finished.containsKey(id)) {
      return new Admission(Verdict.DUPLICATE_OF_FINISHED, delivery);
    }
    running.put(id, new Slot(attempt, delivery));
    return new Admission(Verdict.RUN, null);
  }

  /**
   * The attempt is over here.
   *
   * @param resultConfirmed whether the broker confirmed its result; only then it is remembered as
   *     finished
   * @return the delivery to ack (if confirmed) or to leave to the broker
   */
  synchronized DeliveryRef release(Attempt attempt, boolean resultConfirmed) {
    var slot = running.remove(attempt.messageId());
    if (resultConfirmed) {
      finished.put(attempt.messageId(), Boolean.TRUE);
    }
    return slot == null ? null : slot.delivery;
  }

  /**
   * Lets go of the delivery of an attempt that is still running, for a long task: the caller acks
   * it now instead of after the result, so the broker's delivery acknowledgement timeout never
   * closes the channel under a task that runs longer than it.
   *
   * @return the delivery to ack now, or null when the attempt is over here or was let go already
   */
  synchronized DeliveryRef detach(Attempt attempt) {
    var slot = running.get(attempt.messageId());
    if (slot == null || slot.attempt != attempt) {
      return null;
    }
    var delivery = slot.delivery;
    slot.delivery = null;
    return delivery;
  }

  synchronized Attempt find(String messageId) {
    var slot = running.get(messageId);
    return slot == null ? null : slot.attempt;
  }

  /**
   * Whether an attempt other than {@code attempt} is waiting for a thread or running here: its
   * result could soon join {@code attempt}'s in one message.
   */
  synchronized boolean othersUnderWay(Attempt attempt) {
    for (var slot : running.values()) {
      if (slot.attempt != attempt && !slot.attempt.settled()) {
        return true;
      }
    }
    return false;
  }

  /** The attempts held now, in no particular order. */
  synchronized List<Attempt> held() {
    return running.values().stream().map(slot -> slot.attempt).toList();
  }

  synchronized List<UUID> runningTaskIds() {
    return running.values().stream().map(slot -> slot.attempt.taskId()).distinct().toList();
  }

  synchronized int runningCount() {
    return running.size();
  }

  private static final class Slot {
    final Attempt attempt;
    DeliveryRef delivery;

    Slot(Attempt attempt, DeliveryRef delivery) {
      this.attempt = attempt;
      this.delivery = delivery;
    }
  }
}
