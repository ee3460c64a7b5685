package dev.baton.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.WorkerHeartbeat;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected run of a worker, from start to stop: its connections, consumers, task threads and
 * heartbeats, wired together.
 */
final class WorkerSession {

  // Start, stop and grace-period messages belong to the worker's own logger.
  private static final Logger log = LoggerFactory.getLogger(BatonWorker.class);
  private static final Duration ABORT_WAIT = Duration.ofSeconds(5);

  private final WorkerSettings settings;
  private final ProtocolCodec codec = new ProtocolCodec();
  private final WorkerStats stats;
  private final Lifecycle lifecycle;
  private final AttemptRegistry registry;
  private final List<TaskSubscription> subscriptions = new ArrayList<>();

  private Connection consumeConnection;
  private Connection publishConnection;
  private Channel consumeChannel;
  private ExecutorService taskThreads;
  private ScheduledExecutorService heartbeats;
  private ScheduledExecutorService longTaskReleases;
  private ScheduledExecutorService resultTimer;
  private ResultBatcher results;

  WorkerSession(
      WorkerSettings settings, WorkerStats stats, Lifecycle lifecycle, AttemptRegistry registry) {
    this.settings = settings;
    this.stats = stats;
    this.lifecycle = lifecycle;
    this.registry = registry;
  }

  /** Connects, declares, starts consuming and heartbeats; a failure leaves nothing open. */
  void open() throws IOException, TimeoutException {
    try {
      connectAndConsume();
    } catch (IOException | TimeoutException | RuntimeException e) {
      kill();
      throw e;
    }
  }

  private void connectAndConsume() throws IOException, TimeoutException {
    var workerId = settings.workerId();
    var factory = settings.connectionFactory();
    consumeConnection = factory.newConnection("baton-worker " + workerId + " consume");
    publishConnection = factory.newConnection("baton-worker " + workerId + " publish");
    var flavor = BrokerFlavor.fromServerProperties(consumeConnection.getServerProperties());
    // One publishing channel: a result never overtakes the RUNNING reported before it.
    var publisher = new ConfirmingPublisher(publishConnection.createChannel());
    var events = new EventPublisher(publisher, codec, settings.topology(), lifecycle, stats);
    resultTimer = Executors.newSingleThreadScheduledExecutor(threads("baton-results-", true));
    results =
        new ResultBatcher(
            publisher,
            codec,
            settings.topology(),
            workerId,
            settings.resultBatchSize(),
            settings.resultLinger(),
            resultTimer,
            lifecycle,
            stats);
    consumeChannel = consumeConnection.createChannel();
    var types = settings.handlers().keySet();
    var controlQueue =
        TopologyDeclarer.declare(
            consumeChannel,
            settings.topology(),
            flavor,
            settings.queueType(),
            settings.tenant(),
            types,
            workerId);

    int concurrency = settings.concurrency();
    taskThreads =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            threads("baton-task-", false));
    var outcomes = new Outcomes(codec, workerId, settings.clock());
    var runner =
        new AttemptRunner(
            settings.handlers(), registry, events, results, outcomes, lifecycle, stats);
    var receiver =
        new DispatchReceiver(
            codec,
            workerId,
            settings.clock(),
            registry,
            runner,
            events,
            lifecycle,
            stats,
            taskThreads);

    consumeChannel.basicConsume(
        controlQueue, true, new ControlConsumer(consumeChannel, codec, registry));
    // Heartbeats, and consuming a task queue again after the broker cancelled its consumer.
    heartbeats = Executors.newSingleThreadScheduledExecutor(threads("baton-heartbeat-", true));
    for (var type : types) {
      var subscription =
          new TaskSubscription(
              consumeConnection, settings, flavor, type, receiver, lifecycle, heartbeats);
      subscription.start();
      subscriptions.add(subscription);
    }

    longTaskReleases =
        Executors.newSingleThreadScheduledExecutor(threads("baton-long-tasks-", true));
    new LongTaskWatch(settings.runningAfter(), settings.deliveryHoldLimit(), registry, events)
        .start(longTaskReleases);
    heartbeats.scheduleAtFixedRate(
        () -> publishHeartbeat(events),
        0,
        settings.heartbeatInterval().toMillis(),
        TimeUnit.MILLISECONDS);

    log.info(
        "Baton worker {} started: types {}, concurrency {}, broker {} at {}, prefix '{}'",
        workerId,
        types,
        concurrency,
        AmqpConnections.describe(consumeConnection, flavor),
        AmqpConnections.address(factory),
        settings.topology().prefix());
  }

  private void publishHeartbeat(EventPublisher events) {
    try {
      events.heartbeat(
          new WorkerHeartbeat(
              ProtocolVersion.CURRENT,
              settings.workerId(),
              List.copyOf(settings.handlers().keySet()),
              settings.concurrency(),
              registry.runningTaskIds(),
              settings.clock().instant(),
              ProtocolVersion.LEAN_REPORTING));
    } catch (RuntimeException e) {
      // An escaping exception would cancel all later heartbeats.
      log.warn("heartbeat failed: {}", e.toString());
    }
  }

  /**
   * Stops consuming and lets the task threads finish within the grace period; after it, aborts.
   *
   * @return how many attempts were abandoned unfinished
   */
  int drain(Duration gracePeriod) {
    long deadline = System.nanoTime() + gracePeriod.toNanos();
    lifecycle.beginStop();
    subscriptions.forEach(TaskSubscription::cancel);
    taskThreads.shutdown();
    if (awaitTermination(taskThreads, gracePeriod) && resultsConfirmedBy(deadline)) {
      return 0;
    }
    int abandoned = registry.runningCount();
    log.warn(
        "grace period of {} over with {} attempts unfinished: interrupting them, the broker"
            + " redelivers them",
        gracePeriod,
        abandoned);
    lifecycle.abort();
    taskThreads.shutdownNow();
    awaitTermination(taskThreads, ABORT_WAIT);
    return abandoned;
  }

  /** Publishes the buffered results and waits, until {@code deadline}, for all to be confirmed. */
  private boolean resultsConfirmedBy(long deadline) {
    results.flush();
    while (results.unconfirmedCount() > 0) {
      if (System.nanoTime() - deadline > 0 || lifecycle.awaitAbort(10)) {
        return false;
      }
    }
    return true;
  }

  /** Closes the connections; the control consumer lived until now, so cancels still arrived. */
  void close() {
    heartbeats.shutdownNow();
    longTaskReleases.shutdownNow();
    resultTimer.shutdownNow();
    AmqpConnections.closeQuietly(consumeConnection, publishConnection);
  }

  /** Drops everything at once: nothing more is published or acked. */
  void kill() {
    lifecycle.abort();
    AmqpConnections.abort(consumeConnection, publishConnection);
    if (taskThreads != null) {
      taskThreads.shutdownNow();
    }
    if (heartbeats != null) {
      heartbeats.shutdownNow();
    }
    if (longTaskReleases != null) {
      longTaskReleases.shutdownNow();
    }
    if (resultTimer != null) {
      resultTimer.shutdownNow();
    }
  }

  private static boolean awaitTermination(ExecutorService executor, Duration timeout) {
    try {
      return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private ThreadFactory threads(String prefix, boolean daemon) {
    var counter = new AtomicInteger();
    return runnable -> {
      var thread =
          new Thread(runnable, prefix + settings.workerId() + "-" + counter.incrementAndGet());
      thread.setDaemon(daemon);
      return thread;
    };
  }
}
