package dev.baton.worker;

import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Baton worker: consumes the task queues of the types it has handlers for, runs each dispatched
 * attempt on a pool of {@code concurrency} threads, and reports to the orchestrator over the events
 * exchange (protocol v1.1: results, several per message; {@code RUNNING} only for a handler that
 * outlives {@link Builder#runningAfter}; progress; heartbeats).
 *
 * <p>Delivery guarantee: a dispatch is acked only after the broker confirmed the attempt's result,
 * so an attempt is executed at least once, and may be executed again after a crash or a lost
 * connection. Handlers must be idempotent, keyed by {@link TaskContext#taskId()} and {@link
 * TaskContext#attempt()}. Within one worker, a duplicate of an attempt that is running or finished
 * recently does not run again.
 *
 * <pre>{@code
 * try (var worker = BatonWorker.builder()
 *     .handler("echo", context -> context.input())
 *     .build()) {
 *   worker.start();
 *   ...
 * } // close() stops gracefully
 * }</pre>
 */
public final class BatonWorker implements AutoCloseable {

  /** Environment variable with the broker URI. */
  public static final String ENV_AMQP_URI = "BATON_AMQP_URI";

  /** Environment variable with the AMQP name prefix. */
  public static final String ENV_PREFIX = "BATON_PREFIX";

  /** Environment variable with the task queue type, {@code classic} or {@code quorum}. */
  public static final String ENV_QUEUE_TYPE = "BATON_QUEUE_TYPE";

  /** Environment variable with the tenant whose own task queues to consume (none: shared). */
  public static final String ENV_TENANT = "BATON_TENANT";

  /** How long a handler runs before it is reported {@code RUNNING}, unless set otherwise. */
  public static final Duration DEFAULT_RUNNING_AFTER = Duration.ofMillis(100);

  /** Dispatches a worker may hold beyond its handler threads, unless set otherwise. */
  public static final int DEFAULT_EXTRA_PREFETCH = 32;

  /** Most results in one message, unless set otherwise. */
  public static final int DEFAULT_RESULT_BATCH_SIZE = 100;

  /** The longest a result waits for others to share its message, unless set otherwise. */
  public static final Duration DEFAULT_RESULT_LINGER = Duration.ofMillis(2);

  /** The longest a worker holds a delivery unacked, unless set otherwise. */
  public static final Duration DEFAULT_DELIVERY_HOLD_LIMIT = Duration.ofMinutes(5);

  /** The broker when neither {@link Builder#amqpUri(String)} nor the environment names one. */
  public static final String DEFAULT_AMQP_URI = "amqp://guest:guest@localhost:5672";

  private static final Logger log = LoggerFactory.getLogger(BatonWorker.class);
  private static final Pattern WORKER_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
  private static final int FINISHED_MEMORY = 10_000;

  private enum State {
    NEW,
    STARTED,
    STOPPED
  }

  private final WorkerSettings settings;
  private final WorkerStats stats = new WorkerStats();
  private final Lifecycle lifecycle = new Lifecycle();
  private final AttemptRegistry registry = new AttemptRegistry(FINISHED_MEMORY);

  private State state = State.NEW; // guarded by this
  private WorkerSession session; // guarded by this

  private BatonWorker(Builder builder, WorkerDefaults defaults) {
    int concurrency =
        builder.concurrency != null ? builder.concurrency : WorkerDefaults.concurrency();
    this.settings =
        new WorkerSettings(
            AmqpConnections.factory(builder.amqpUri != null ? builder.amqpUri : defaults.amqpUri()),
            builder.topology != null ? builder.topology : defaults.topology(),
            builder.workerId != null ? builder.workerId : defaults.workerId(),
            concurrency,
            builder.heartbeatInterval,
            Collections.unmodifiableMap(new LinkedHashMap<>(builder.handlers)),
            builder.clock,
            builder.queueType != null ? builder.queueType : defaults.queueType(),
            builder.tenant != null ? builder.tenant : defaults.tenant(),
            builder.deliveryHoldLimit,
            builder.prefetch != null ? builder.prefetch : concurrency + DEFAULT_EXTRA_PREFETCH,
            builder.runningAfter,
            builder.resultBatchSize,
            builder.resultLinger);
  }

  /** A builder whose unset options default from the environment ({@code BATON_*}). */
  public static Builder builder() {
    return new Builder(System::getenv);
  }

  static Builder builder(Function<String, String> environment) {
    return new Builder(environment);
  }

  /**
   * Connects, declares the topology and starts consuming. A worker starts once.
   *
   * @throws IllegalStateException if already started, or the broker cannot be reached or refuses a
   *     declaration
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("worker " + workerId() + " was already started");
    }
    state = State.STARTED;
    session = new WorkerSession(settings, stats, lifecycle, registry);
    try {
      session.open();
    } catch (IOException | TimeoutException | RuntimeException e) {
      state = State.STOPPED;
      throw new IllegalStateException(
          "Baton worker " + workerId() + " could not start: " + e.getMessage(), e);
    }
  }

  /**
   * Stops gracefully: cancels the consumers so no new dispatch arrives, hands dispatches received
   * but not started back to the broker, lets running handlers finish and their results be confirmed
   * and acked within {@code gracePeriod}, then closes the connections. Attempts still unfinished
   * after the grace period are interrupted and left unacked; the broker redelivers them. Do not
   * call it from a handler. Calling it again, or before {@link #start()}, does nothing.
   */
  public synchronized void stop(Duration gracePeriod) {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (state != State.STARTED) {
      state = State.STOPPED;
      return;
    }
    state = State.STOPPED;
    int abandoned = session.drain(gracePeriod);
    session.close();
    log.info(
        "Baton worker {} stopped: {} completed, {} failed, {} abandoned",
        workerId(),
        completedCount(),
        failedCount(),
        abandoned);
  }

  /** Stops gracefully with a grace period of 30 seconds. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** Simulates a crash, for tests: drops the connections without publishing or acking more. */
  synchronized void kill() {
    if (state == State.STARTED) {
      session.kill();
    }
    state = State.STOPPED;
  }

  /** This worker's id, as it appears in events, heartbeats and its control routing key. */
  public String workerId() {
    return settings.workerId();
  }

  /** The task types this worker has handlers for, in registration order. */
  public Set<String> types() {
    return settings.handlers().keySet();
  }

  /** The AMQP names this worker uses. */
  public Topology topology() {
    return settings.topology();
  }

  /** Attempts whose {@code COMPLETED} result was confirmed and whose dispatch was acked. */
  public long completedCount() {
    return stats.completed();
  }

  /** Attempts whose {@code FAILED} result (cancellations included) was confirmed and acked. */
  public long failedCount() {
    return stats.failed();
  }

  /** Duplicate dispatches acked without running them again. */
  public long duplicateCount() {
    return stats.duplicates();
  }

  /** Malformed dispatches moved to the dead-letter queue. */
  public long deadLetteredCount() {
    return stats.deadLettered();
  }

  /** Attempts held now: received and not yet acked. */
  public int inFlightCount() {
    return registry.runningCount();
  }

  /** Publishes of results and dead letters that were not confirmed and were published again. */
  long publishRetryCount() {
    return stats.publishRetries();
  }

  /** Configures a {@link BatonWorker}; unset options default as documented per method. */
  public static final class Builder {

    private final Function<String, String> environment;
    private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
    private String amqpUri;
    private Topology topology;
    private String workerId;
    private Integer concurrency;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private QueueType queueType;
    private String tenant;
    private Duration deliveryHoldLimit = DEFAULT_DELIVERY_HOLD_LIMIT;
    private Integer prefetch;
    private Duration runningAfter = DEFAULT_RUNNING_AFTER;
    private int resultBatchSize = DEFAULT_RESULT_BATCH_SIZE;
    private Duration resultLinger = DEFAULT_RESULT_LINGER;

    private Builder(Function<String, String> environment) {
      this.environment = environment;
    }

    /**
     * The broker, e.g. {@code amqp://user:password@host:5672/vhost}. Default: the environment
     * variable {@value #ENV_AMQP_URI}, else {@value #DEFAULT_AMQP_URI}.
     */
    public Builder amqpUri(String amqpUri) {
      this.amqpUri = Objects.requireNonNull(amqpUri, "amqpUri");
      return this;
    }

    /**
     * The AMQP names. Default: prefix from the environment variable {@value #ENV_PREFIX}, else
     * {@code baton}.
     */
    public Builder topology(Topology topology) {
      this.topology = Objects.requireNonNull(topology, "topology");
      return this;
    }

    /**
     * This worker's id, {@code [a-zA-Z0-9._-]{1,200}}, unique among running workers. Default: the
     * host name, a dash and six random hex digits.
     */
    public Builder workerId(String workerId) {
      if (workerId == null || !WORKER_ID.matcher(workerId).matches()) {
        throw new IllegalArgumentException(
            "worker id must match " + WORKER_ID + ", got " + workerId);
      }
      this.workerId = workerId;
      return this;
    }

    /**
     * How many attempts run at once: the size of the handler thread pool (see {@link #prefetch} for
     * how many dispatches the worker holds). Default: the number of available processors.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** How often the worker publishes a heartbeat. Default: 10 seconds. */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      if (heartbeatInterval == null || heartbeatInterval.toMillis() < 1) {
        throw new IllegalArgumentException(
            "heartbeat interval must be positive, got " + heartbeatInterval);
      }
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /**
     * Registers the handler of a task type ({@code [a-zA-Z0-9._-]{1,100}}); the worker consumes
     * that type's queue.
     *
     * @throws IllegalArgumentException for an invalid type or a second handler of the same type
     */
    public Builder handler(String type, TaskHandler handler) {
      if (type == null || !Topology.TASK_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(
            "task type must match " + Topology.TASK_TYPE + ", got " + type);
      }
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(type, handler) != null) {
        throw new IllegalArgumentException("a handler of type " + type + " is already registered");
      }
      return this;
    }

    /**
     * The type of the task queues the worker declares; it must be the orchestrator's ({@code
     * baton.broker.queue-type}). Default: the environment variable {@value #ENV_QUEUE_TYPE}, else
     * classic.
     */
    public Builder queueType(QueueType queueType) {
      this.queueType = Objects.requireNonNull(queueType, "queueType");
      return this;
    }

    /**
     * Serve only this tenant's tasks, from its own queues: for tenants the orchestrator gives their
     * own queues ({@code baton.security.tenant-queues}, docs/security.md). Default: the environment
     * variable {@value #ENV_TENANT}, else the shared queues (every other tenant).
     */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /**
     * The longest this worker holds a dispatch's delivery unacked. RabbitMQ closes a channel that
     * holds a delivery unacked longer than its {@code consumer_timeout} (30 minutes by default) and
     * hands its deliveries to other workers, so tasks on it would run twice; keep this well under
     * the broker's timeout. A handler running longer has its dispatch acked before its result,
     * after the worker published a confirmed {@code RUNNING} so that the orchestrator knows it
     * holds the attempt: if the worker then dies, the attempt is retried once the orchestrator sees
     * the worker {@code OFFLINE} ({@code WORKER_LOST}) or its deadline passes, instead of being
     * redelivered at once. A dispatch that waited this long for a free handler thread (prefetched
     * behind long tasks) is handed back to the broker for another worker. {@link Duration#ZERO}
     * turns the limit off. Default: {@link #DEFAULT_DELIVERY_HOLD_LIMIT} (5 minutes).
     */
    public Builder deliveryHoldLimit(Duration limit) {
      if (limit == null || limit.isNegative()) {
        throw new IllegalArgumentException("deliveryHoldLimit must be zero or more, got " + limit);
      }
      this.deliveryHoldLimit = limit;
      return this;
    }

    /**
     * How many dispatches the worker holds at once per task type (the AMQP prefetch), at least
     * {@code concurrency}. More than the handler threads keeps them busy while the results of
     * finished attempts wait for the broker's confirm — their dispatches are acked only then, and
     * the prefetch counts them until it — so a short task never waits for a round trip. A dispatch
     * that waits for a free thread is not yet the worker's: it has no deadline (that starts with
     * {@code RUNNING}), and it goes back to the broker for another worker after 30 seconds (or
     * {@link #deliveryHoldLimit}, if shorter). Default: {@code concurrency} + {@value
     * #DEFAULT_EXTRA_PREFETCH}, about the results of 6 ms at 5,000 tasks/s. For tasks of minutes,
     * {@code prefetch(concurrency)} leaves waiting tasks to idle workers at once.
     */
    public Builder prefetch(int prefetch) {
      if (prefetch < 1) {
        throw new IllegalArgumentException("prefetch must be 1 or more, got " + prefetch);
      }
      this.prefetch = prefetch;
      return this;
    }

    /**
     * How long a handler runs before the worker reports the attempt {@code RUNNING} (protocol
     * v1.1): a shorter task reports nothing but its result, which costs the broker one message
     * instead of three; a longer one shows as running and its deadline ({@code timeoutSeconds})
     * starts. Default: {@link #DEFAULT_RUNNING_AFTER} (100 ms).
     */
    public Builder runningAfter(Duration runningAfter) {
      if (runningAfter == null || runningAfter.isNegative()) {
        throw new IllegalArgumentException(
            "runningAfter must be zero or more, got " + runningAfter);
      }
      this.runningAfter = runningAfter;
      return this;
    }

    /**
     * How results share messages (protocol v1.1, {@code task.results}): up to {@code maxSize} per
     * message, and a result waits at most {@code linger} for others — none when no other attempt is
     * under way here, so a lone task pays no wait. {@code maxSize} 1 or {@code linger} zero
     * publishes each result alone. Default: {@value #DEFAULT_RESULT_BATCH_SIZE} and {@link
     * #DEFAULT_RESULT_LINGER} (2 ms).
     */
    public Builder resultBatching(int maxSize, Duration linger) {
      if (maxSize < 1 || linger == null || linger.isNegative()) {
        throw new IllegalArgumentException(
            "result batching needs maxSize ≥ 1 and linger ≥ 0, got " + maxSize + ", " + linger);
      }
      this.resultBatchSize = maxSize;
      this.resultLinger = linger;
      return this;
    }

    /** The clock of every timestamp the worker writes. Default: the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the worker, not yet connected.
     *
     * @throws IllegalStateException if no handler is registered
     * @throws IllegalArgumentException if the AMQP URI is invalid
     */
    public BatonWorker build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException("register at least one handler before building a worker");
      }
      if (prefetch != null && concurrency != null && prefetch < concurrency) {
        throw new IllegalStateException(
            "prefetch (" + prefetch + ") must be at least concurrency (" + concurrency + ")");
      }
      return new BatonWorker(this, new WorkerDefaults(environment));
    }
  }
}
