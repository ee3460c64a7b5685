package dev.baton.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's consumer of one task queue, on a channel of its own (so a failure to consume one
 * queue never closes another's). When the broker cancels it — the queue was deleted, say by an
 * operator moving the type to a quorum queue — it declares the queue again and consumes it again,
 * retrying with backoff until it works or the worker stops.
 */
final class TaskSubscription {

  private static final Logger log = LoggerFactory.getLogger(TaskSubscription.class);
  private static final long FIRST_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final Connection connection;
  private final Topology topology;
  private final BrokerFlavor flavor;
  private final QueueType queueType;
  private final String tenant;
  private final String type;
  private final String queue;
  private final int prefetch;
  private final DispatchReceiver receiver;
  private final Lifecycle lifecycle;
  private final ScheduledExecutorService scheduler;

  /** Written by the client's thread (start) and the scheduler's (resubscribe), one at a time. */
  private volatile Channel channel;

  private volatile String consumerTag;

  TaskSubscription(
      Connection connection,
      WorkerSettings settings,
      BrokerFlavor flavor,
      String type,
      DispatchReceiver receiver,
      Lifecycle lifecycle,
      ScheduledExecutorService scheduler) {
    this.connection = connection;
    this.topology = settings.topology();
    this.flavor = flavor;
    this.queueType = settings.queueType();
    this.tenant = settings.tenant();
    this.type = type;
    this.queue = topology.taskQueue(type, tenant);
    this.prefetch = settings.prefetch();
    this.receiver = receiver;
    this.lifecycle = lifecycle;
    this.scheduler = scheduler;
  }

  /** Starts consuming; the queue must exist (the worker declared it). */
  void start() throws IOException {
    consume();
  }

  /** Stops consuming (the worker is stopping): nothing new is delivered. */
  void cancel() {
    var tag = consumerTag;
    consumerTag = null;
    if (tag != null && channel.isOpen()) {
      try {
        channel.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        log.debug("could not cancel consumer {} of {}: {}", tag, queue, e.getMessage());
      }
    }
  }

  private void consume() throws IOException {
    var current = channel;
    if (current == null || !current.isOpen()) {
      // The first time, or a consume on a queue deleted meanwhile closed the old channel (404).
      current = connection.createChannel();
      current.basicQos(prefetch);
      channel = current;
    }
    consumerTag =
        current.basicConsume(queue, false, new TaskConsumer(current, queue, receiver, this::lost));
  }

  /** Called on the client's thread when the broker cancels the consumer: never block it. */
  private void lost() {
    consumerTag = null;
    if (lifecycle.isStopping()) {
      return;
    }
    log.warn(
        "The broker cancelled the consumer of {} (the queue was deleted?): declaring it again and"
            + " consuming it again",
        queue);
    schedule(FIRST_BACKOFF_MILLIS);
  }

  private void schedule(long delayMillis) {
    try {
      scheduler.schedule(() -> resubscribe(delayMillis), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The worker is stopping: nothing to consume any more.
    }
  }

  private void resubscribe(long backoff) {
    if (lifecycle.isStopping() || consumerTag != null) {
      return;
    }
    try {
      declare();
      consume();
      log.info("Consuming {} again", queue);
    } catch (IOException | TimeoutException | RuntimeException e) {
      var next = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      log.warn("Could not consume {} again ({}); retrying in {} ms", queue, e.toString(), next);
      schedule(next);
    }
  }

  /**
   * Declares the queue on a throwaway channel: a refusal closes that channel only. A queue that
   * exists with other arguments (an operator's new quorum queue) is consumed as it is.
   */
  private void declare() throws IOException, TimeoutException {
    try (var declaring = connection.createChannel()) {
      TopologyDeclarer.declareTaskQueue(declaring, topology, flavor, queueType, tenant, type);
    } catch (IOException e) {
      if (!(e.getCause() instanceof ShutdownSignalException signal)
          || signal.isHardError()
          || !String.valueOf(signal.getMessage()).contains("PRECONDITION_FAILED")) {
        throw e;
      }
      log.warn(
          "Queue {} exists with other arguments than this worker's ({}): consuming it as it is",
          queue,
          signal.getMessage());
      try (var binding = connection.createChannel()) {
        binding.queueBind(queue, topology.tasksExchange(), topology.dispatchKey(type, tenant));
      }
    }
  }
}
