package dev.baton.bench.baton;

/**
 * The benchmark's task: {@code echo} (the example worker's no-op handler) with the client's send
 * time in the input, so latency is measured from the producer's clock (the same machine's clock the
 * orchestrator stamps {@code completed_at} with), and a tag unique to the run to count its tasks.
 */
final class TaskBodies {

  static final String TAG_KEY = "bench";

  private TaskBodies() {}

  static String task(int n, long sentAtMillis, String label) {
    return "{\"type\":\"echo\",\"input\":{\"n\":"
        + n
        + ",\"sentAt\":"
        + sentAtMillis
        + "},\"tags\":{\""
        + TAG_KEY
        + "\":\""
        + label
        + "\"}}";
  }
}
