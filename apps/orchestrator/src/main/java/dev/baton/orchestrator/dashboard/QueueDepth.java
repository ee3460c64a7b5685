package dev.baton.orchestrator.dashboard;

/**
 * One task type's queue as the broker reports it. {@code declared} is false when the queue does not
 * exist yet (nothing of the type was dispatched). When the broker does not answer, {@code
 * brokerAvailable} is false and the counts are null.
 */
record QueueDepth(
    String type,
    String queue,
    boolean brokerAvailable,
    boolean declared,
    Long messages,
    Integer consumers) {

  static QueueDepth unavailable(String type, String queue) {
    return new QueueDepth(type, queue, false, false, null, null);
  }

  static QueueDepth absent(String type, String queue) {
    return new QueueDepth(type, queue, true, false, 0L, 0);
  }

  static QueueDepth of(String type, String queue, long messages, int consumers) {
    return new QueueDepth(type, queue, true, true, messages, consumers);
  }
}
