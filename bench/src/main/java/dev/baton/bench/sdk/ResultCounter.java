package dev.baton.bench.sdk;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Counts the distinct tasks whose result reached the orchestrator's place, in every form a worker
 * may send one: {@code task.result} (one per message, protocol v1) or {@code task.results} (a
 * batch, v1.1: {@code {"v":1,"workerId",…,"results":[…]}}). Every other event (status, heartbeat)
 * is counted apart. Read only the {@code taskId} of each result, so the count does not depend on
 * the codec knowing batches yet; once {@code ProtocolCodec} decodes them ({@code decodeEvents}),
 * {@link #taskIds} can use it instead.
 */
final class ResultCounter {

  /** Routing key of a batch of results (protocol v1.1). */
  static final String KEY_TASK_RESULTS = "task.results";

  private final ProtocolCodec codec = new ProtocolCodec();
  private final int expected;
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final CountDownLatch all = new CountDownLatch(1);
  private final AtomicLong resultMessages = new AtomicLong();
  private final AtomicLong otherMessages = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long firstResultNanos;
  private volatile int resultsInFirstMessage;
  private volatile long lastNewResultNanos;

  ResultCounter(int expected) {
    this.expected = expected;
  }

  /** One event from the events exchange (called on the consumer's one thread). */
  void onEvent(String routingKey, byte[] body) {
    var results = taskIds(routingKey, body);
    if (results == null) {
      otherMessages.incrementAndGet();
      return;
    }
    long now = System.nanoTime();
    if (resultMessages.getAndIncrement() == 0) {
      firstResultNanos = now;
      resultsInFirstMessage = results.size();
    }
    for (var result : results) {
      if (!"COMPLETED".equals(result.path("outcome").asString(""))) {
        failed.incrementAndGet();
      }
      if (done.add(result.path("taskId").asString(""))) {
        lastNewResultNanos = now;
      }
    }
    if (done.size() >= expected) {
      all.countDown();
    }
  }

  /** The results a message carries, or null for any other event. */
  private List<JsonNode> taskIds(String routingKey, byte[] body) {
    if (Topology.KEY_TASK_RESULT.equals(routingKey)) {
      return List.of(codec.mapper().readTree(body));
    }
    if (KEY_TASK_RESULTS.equals(routingKey)) {
      var list = new ArrayList<JsonNode>();
      codec.mapper().readTree(body).path("results").forEach(list::add);
      return list;
    }
    return null;
  }

  boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
    return all.await(timeout, unit);
  }

  int distinctResults() {
    return done.size();
  }

  long resultMessages() {
    return resultMessages.get();
  }

  long otherMessages() {
    return otherMessages.get();
  }

  long failed() {
    return failed.get();
  }

  long firstResultNanos() {
    return firstResultNanos;
  }

  int resultsInFirstMessage() {
    return resultsInFirstMessage;
  }

  long lastNewResultNanos() {
    return lastNewResultNanos;
  }
}
