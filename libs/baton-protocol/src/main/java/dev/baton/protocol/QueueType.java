package dev.baton.protocol;

import java.util.Locale;

/**
 * The RabbitMQ queue type of Baton's task and inbound queues. Orchestrator and workers must use the
 * same one: the broker refuses a queue declared again with other arguments.
 */
public enum QueueType {
  /** Classic queues: task priorities 0–9 ({@code x-max-priority}), one node. */
  CLASSIC,
  /**
   * Quorum queues: replicated over a RabbitMQ cluster (Raft), with a delivery limit that
   * dead-letters a message redelivered too often. No priorities before RabbitMQ 4.0 (which has two
   * levels): task priority then orders nothing in the broker.
   */
  QUORUM;

  /** Parses {@code classic} or {@code quorum}, any case. */
  public static QueueType parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "queue type must be classic or quorum, got '" + text + "'", e);
    }
  }
}
