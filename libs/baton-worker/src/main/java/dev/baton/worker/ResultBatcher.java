package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskResultBatch;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes attempts' results in batches (protocol v1.1, {@code task.results}) without making any
 * thread wait for a confirm: a result is handed over and the handler thread moves on; when the
 * broker confirms the message that carries it, its {@code onConfirmed} runs (on the connection's
 * thread) and acks the dispatch. A batch goes out when it holds {@code maxBatch} results, when
 * {@code linger} has passed since its first, or at once when no other attempt is under way here
 * (nothing would join it). A batch the broker does not confirm (nack, return, channel lost) is
 * published again with backoff until it is, or the worker aborts: its dispatches stay unacked until
 * then, which is the at-least-once guarantee.
 */
final class ResultBatcher {

  private static final Logger log = LoggerFactory.getLogger(ResultBatcher.class);
  private static final int PERSISTENT = 2;
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final ConfirmingPublisher publisher;
  private final ProtocolCodec codec;
  private final Topology topology;
  private final String workerId;
  private final int maxBatch;
  private final Duration linger;
  private final ScheduledExecutorService timer;
  private final Lifecycle lifecycle;
  private final WorkerStats stats;

  private final Object lock = new Object();
  private List<Pending> buffer = new ArrayList<>(); // guarded by lock
  private long bufferGeneration; // guarded by lock: which buffer a scheduled flush is for
  private final AtomicInteger unconfirmed = new AtomicInteger();

  /** A result and what to do once the broker has it. */
  private record Pending(TaskResultEvent result, Runnable onConfirmed) {}

  ResultBatcher(
      ConfirmingPublisher publisher,
      ProtocolCodec codec,
      Topology topology,
      String workerId,
      int maxBatch,
      Duration linger,
      ScheduledExecutorService timer,
      Lifecycle lifecycle,
      WorkerStats stats) {
    this.publisher = publisher;
    this.codec = codec;
    this.topology = topology;
    this.workerId = workerId;
    this.maxBatch = maxBatch;
    this.linger = linger;
    this.timer = timer;
    this.lifecycle = lifecycle;
    this.stats = stats;
  }

  /**
   * Hands a result over; never waits for the broker.
   *
   * @param othersUnderWay whether other attempts are running or waiting here, whose results could
   *     join this one's message
   * @param onConfirmed runs once the broker confirmed the message carrying the result
   */
  void submit(TaskResultEvent result, boolean othersUnderWay, Runnable onConfirmed) {
    unconfirmed.incrementAndGet();
    List<Pending> full = null;
    synchronized (lock) {
      buffer.add(new Pending(result, onConfirmed));
      if (buffer.size() >= maxBatch || !othersUnderWay || linger.isZero()) {
        full = takeBuffer();
      } else if (buffer.size() == 1 && !scheduleFlush(bufferGeneration)) {
        full = takeBuffer(); // the worker is stopping: publish now rather than never
      }
    }
    if (full != null) {
      publish(full, FIRST_BACKOFF_MILLIS);
    }
  }

  /** Results handed over whose message the broker has not confirmed yet. */
  int unconfirmedCount() {
    return unconfirmed.get();
  }

  /** Publishes what is buffered now, e.g. when the worker stops. */
  void flush() {
    List<Pending> batch;
    synchronized (lock) {
      batch = buffer.isEmpty() ? null : takeBuffer();
    }
    if (batch != null) {
      publish(batch, FIRST_BACKOFF_MILLIS);
    }
  }

  private List<Pending> takeBuffer() {
    var batch = buffer;
    buffer = new ArrayList<>();
    bufferGeneration++;
    return batch;
  }

  private boolean scheduleFlush(long generation) {
    try {
      timer.schedule(() -> flushIfStill(generation), linger.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void flushIfStill(long generation) {
    List<Pending> batch = null;
    synchronized (lock) {
      if (generation == bufferGeneration && !buffer.isEmpty()) {
        batch = takeBuffer();
      }
    }
    if (batch != null) {
      publish(batch, FIRST_BACKOFF_MILLIS);
    }
  }

  private void publish(List<Pending> batch, long backoff) {
    if (lifecycle.isAborted()) {
      unconfirmed.addAndGet(-batch.size());
      return; // nothing is acked: the broker redelivers the dispatches
    }
    var results = batch.stream().map(Pending::result).toList();
    byte[] body;
    String key;
    if (results.size() == 1) {
      body = codec.encode(results.get(0));
      key = Topology.KEY_TASK_RESULT;
    } else {
      body = codec.encode(TaskResultBatch.of(workerId, results));
      key = Topology.KEY_TASK_RESULTS;
    }
    var props =
        new AMQP.BasicProperties.Builder()
            .contentType(EventPublisher.CONTENT_TYPE)
            .deliveryMode(PERSISTENT)
            .build();
    publisher
        .publish(topology.eventsExchange(), key, true, props, body)
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                confirmed(batch);
              } else {
                retry(batch, backoff, failure);
              }
            });
  }

  private void confirmed(List<Pending> batch) {
    for (var pending : batch) {
      try {
        pending.onConfirmed().run();
      } catch (RuntimeException e) {
        log.error("acking after the confirm of {} failed", pending.result().taskId(), e);
      }
    }
    unconfirmed.addAndGet(-batch.size());
  }

  private void retry(List<Pending> batch, long backoff, Throwable failure) {
    stats.publishRetried();
    log.warn(
        "{} result(s) not confirmed ({}); publishing again in {} ms",
        batch.size(),
        failure.getMessage(),
        backoff);
    long next = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    try {
      timer.schedule(() -> publish(batch, next), backoff, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The worker is closing: the dispatches stay unacked and the broker redelivers them.
      unconfirmed.addAndGet(-batch.size());
    }
  }
}
