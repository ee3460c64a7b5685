package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.Topology;
import dev.baton.protocol.WorkerHeartbeat;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the worker's messages. Status events and heartbeats are best effort (confirmed, but not
 * retried: the next one supersedes them). Results and dead letters are published {@code mandatory}
 * and retried with backoff until the broker confirms them, because the caller acks the dispatch
 * only then; the retries stop when the worker aborts.
 */
final class EventPublisher {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  static final String CONTENT_TYPE = "application/json";
  static final String HEADER_ERROR = "x-baton-error";
  static final String HEADER_SOURCE_QUEUE = "x-baton-source-queue";

  private static final int PERSISTENT = 2;
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final long ABORT_CHECK_MILLIS = 100;

  private final ConfirmingPublisher publisher;
  private final ProtocolCodec codec;
  private final Topology topology;
  private final Lifecycle lifecycle;
  private final WorkerStats stats;

  EventPublisher(
      ConfirmingPublisher publisher,
      ProtocolCodec codec,
      Topology topology,
      Lifecycle lifecycle,
      WorkerStats stats) {
    this.publisher = publisher;
    this.codec = codec;
    this.topology = topology;
    this.lifecycle = lifecycle;
    this.stats = stats;
  }

  void status(TaskStatusEvent event) {
    bestEffort(Topology.KEY_TASK_STATUS, codec.encode(event), "task.status " + event.status());
  }

  /**
   * Publishes a status event until the broker confirms it, for when the worker is about to rely on
   * the orchestrator knowing it (see {@link LongTaskWatch}).
   *
   * @return true once confirmed; false if the worker aborted first
   */
  boolean statusConfirmed(TaskStatusEvent event) {
    return reliably(
        topology.eventsExchange(),
        Topology.KEY_TASK_STATUS,
        jsonProperties().build(),
        codec.encode(event),
        "task.status " + event.status() + " of " + event.taskId() + ":" + event.attempt());
  }

  void heartbeat(WorkerHeartbeat heartbeat) {
    bestEffort(Topology.KEY_WORKER_HEARTBEAT, codec.encode(heartbeat), "heartbeat");
  }

  /**
   * Publishes the result until the broker confirms it.
   *
   * @return true once confirmed; false if the worker aborted first
   */
  boolean result(TaskResultEvent event) {
    var props = jsonProperties().messageId(event.taskId() + ":" + event.attempt()).build();
    return reliably(
        topology.eventsExchange(),
        Topology.KEY_TASK_RESULT,
        props,
        codec.encode(event),
        "result of " + event.taskId() + ":" + event.attempt());
  }

  /**
   * Publishes an unusable message to the dead-letter exchange, with the reason and where it came
   * from in headers, until the broker confirms it.
   *
   * @return true once confirmed; false if the worker aborted first
   */
  boolean deadLetter(
      byte[] body, AMQP.BasicProperties original, String reason, String sourceQueue) {
    var headers =
        original.getHeaders() == null
            ? new HashMap<String, Object>()
            : new HashMap<>(original.getHeaders());
    headers.put(HEADER_ERROR, reason);
    headers.put(HEADER_SOURCE_QUEUE, sourceQueue);
    var props =
        original.builder().deliveryMode(PERSISTENT).headers(headers).expiration(null).build();
    return reliably(
        topology.deadLetterExchange(), "", props, body, "dead letter from " + sourceQueue);
  }

  private void bestEffort(String routingKey, byte[] body, String what) {
    publisher
        .publish(topology.eventsExchange(), routingKey, false, jsonProperties().build(), body)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                log.debug("{} not confirmed: {}", what, failure.getMessage());
              }
            });
  }

  private boolean reliably(
      String exchange, String routingKey, AMQP.BasicProperties props, byte[] body, String what) {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (!lifecycle.isAborted()) {
      var confirm = publisher.publish(exchange, routingKey, true, props, body);
      try {
        return awaitUnlessAborted(confirm);
      } catch (ExecutionException | TimeoutException e) {
        var reason =
            e instanceof TimeoutException ? "no confirm in time" : e.getCause().getMessage();
        log.warn("{} not confirmed ({}); publishing again in {} ms", what, reason, backoff);
        stats.publishRetried();
      }
      if (lifecycle.awaitAbort(backoff)) {
        return false;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
    return false;
  }

  /**
   * True when the confirm came, false when the worker aborted first. Waits in short slices to
   * notice an abort; the confirm normally arrives within the first.
   */
  private boolean awaitUnlessAborted(CompletableFuture<Void> confirm)
      throws ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + CONFIRM_TIMEOUT.toNanos();
    while (true) {
      try {
        confirm.get(ABORT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
      } catch (InterruptedException e) {
        // Only an abort interrupts a thread that is publishing a result.
        Thread.currentThread().interrupt();
        return false;
      }
      if (lifecycle.isAborted()) {
        return false;
      }
    }
  }

  private static AMQP.BasicProperties.Builder jsonProperties() {
    return new AMQP.BasicProperties.Builder().contentType(CONTENT_TYPE).deliveryMode(PERSISTENT);
  }
}
