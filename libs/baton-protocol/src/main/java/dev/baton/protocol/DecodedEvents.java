package dev.baton.protocol;

import java.util.List;

/**
 * What one message on the events exchange carried: the events that decoded, and the items of a
 * {@link TaskResultBatch} that did not (a message of one event either decodes or is malformed as a
 * whole).
 */
public record DecodedEvents(List<WorkerEvent> events, List<Rejected> rejected) {

  public DecodedEvents {
    events = List.copyOf(events);
    rejected = List.copyOf(rejected);
  }

  static DecodedEvents of(WorkerEvent event) {
    return new DecodedEvents(List.of(event), List.of());
  }

  /**
   * An item that could not be decoded.
   *
   * @param item the item's JSON, as a {@code task.result} body (with {@code v} and {@code workerId}
   *     when the batch had them), to dead-letter
   * @param reason what is wrong with it, naming the field
   */
  public record Rejected(byte[] item, String reason) {}
}
