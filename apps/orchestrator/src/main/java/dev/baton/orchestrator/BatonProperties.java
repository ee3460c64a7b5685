package dev.baton.orchestrator;

import dev.baton.protocol.QueueType;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Baton's own settings ({@code baton.*}); Spring's own ({@code spring.rabbitmq.*}, {@code
 * spring.datasource.*}) configure the broker and database connections.
 */
@ConfigurationProperties("baton")
public record BatonProperties(
    Broker broker,
    Tasks tasks,
    Relay relay,
    Events events,
    Submissions submissions,
    Sqlite sqlite,
    Workers workers,
    Sweeper sweeper,
    Writes writes) {

  public BatonProperties {
    broker = broker != null ? broker : new Broker(null, null, null, null);
    tasks = tasks != null ? tasks : new Tasks(5, 300, 3, 86_400, 100, null);
    relay =
        relay != null
            ? relay
            : new Relay(
                500,
                Duration.ofMillis(250),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1));
    events = events != null ? events : new Events(200, 1, Duration.ofMillis(10), 3, 1000);
    submissions =
        submissions != null ? submissions : new Submissions(100, 500, Duration.ofMillis(10));
    sqlite =
        sqlite != null
            ? sqlite
            : new Sqlite(
                4,
                Duration.ofSeconds(30),
                Duration.ofMillis(200),
                20_000,
                DataSize.ofMegabytes(64),
                DataSize.ofMegabytes(256));
    workers =
        workers != null
            ? workers
            : new Workers(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(90));
    sweeper =
        sweeper != null ? sweeper : new Sweeper(Duration.ofSeconds(1), 500, Duration.ofSeconds(30));
    writes = writes != null ? writes : new Writes(200, Duration.ofSeconds(30));
  }

  /**
   * The group-commit writer ({@code persistence/GroupCommit}): single REST submissions and pull
   * workers' reports are applied by one writer, every write waiting at that moment in one
   * transaction, each caller answered after its commit.
   *
   * @param maxBatch the most writes in one transaction
   * @param answerTimeout how long a caller waits for its write's commit before it is answered 503
   *     (the write may still commit: repeat it with the same idempotency key)
   */
  public record Writes(
      @DefaultValue("200") int maxBatch, @DefaultValue("30s") Duration answerTimeout) {
    public Writes {
      if (maxBatch < 1) {
        throw new IllegalArgumentException(
            "baton.writes.max-batch must be at least 1, got " + maxBatch);
      }
    }
  }

  /**
   * Worker liveness. Workers send heartbeats every {@code heartbeatInterval} (the SDK's default; it
   * is the workers' setting, shown here for the docs); silent for {@code unhealthyAfter} they are
   * UNHEALTHY, for {@code offlineAfter} OFFLINE and their tasks are retried.
   */
  public record Workers(
      @DefaultValue("10s") Duration heartbeatInterval,
      @DefaultValue("30s") Duration unhealthyAfter,
      @DefaultValue("90s") Duration offlineAfter) {}

  /**
   * The time-based loop: deadlines and worker liveness.
   *
   * @param interval pause between two passes
   * @param batchSize rows one step handles per pass, so a pass stays short at any table size
   * @param deadlineGrace after the orchestrator starts or reconnects to the broker, no attempt is
   *     timed out for this long (then only once the events published before its deadline are
   *     applied), so that workers reconnecting after an outage can publish the results they hold
   */
  public record Sweeper(
      @DefaultValue("1s") Duration interval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("30s") Duration deadlineGrace) {}

  /**
   * The AMQP names and the embedded broker.
   *
   * @param prefix prefix of every exchange and queue name
   * @param embedded {@code auto}: start an in-process broker when none is configured and none
   *     answers on localhost:5672; {@code never}; {@code always}
   * @param queueType {@code classic} (priorities 0–9) or {@code quorum} (replicated, delivery
   *     limit, no priorities before RabbitMQ 4); workers must be started with the same type
   * @param maxMessageSize largest message body the orchestrator consumes: a larger submission or
   *     worker event (status, result, heartbeat) is dead-lettered unread, with the reason
   */
  public record Broker(
      @DefaultValue("baton") String prefix,
      @DefaultValue("auto") Embedded embedded,
      @DefaultValue("classic") QueueType queueType,
      @DefaultValue("1MB") DataSize maxMessageSize) {
    public Broker {
      prefix = prefix == null ? "baton" : prefix;
      embedded = embedded == null ? Embedded.AUTO : embedded;
      queueType = queueType == null ? QueueType.CLASSIC : queueType;
      maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(1) : maxMessageSize;
    }
  }

  /** When to start the embedded broker. */
  public enum Embedded {
    AUTO,
    NEVER,
    ALWAYS
  }

  /** Defaults for what a submission leaves out, and the limits of what it may ask. */
  public record Tasks(
      @DefaultValue("5") int defaultPriority,
      @DefaultValue("300") int defaultTimeoutSeconds,
      @DefaultValue("3") int defaultMaxRetries,
      @DefaultValue("86400") int maxTimeoutSeconds,
      @DefaultValue("100") int maxRetriesLimit,
      Backoff backoff) {
    public Tasks {
      backoff =
          backoff != null
              ? backoff
              : new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2);
    }
  }

  /**
   * Default retry backoff: {@code initial * factor^(attempt-1)}, at most {@code max}, less up to
   * {@code jitter} (a fraction) at random.
   */
  public record Backoff(
      @DefaultValue("1s") Duration initial,
      @DefaultValue("2.0") double factor,
      @DefaultValue("5m") Duration max,
      @DefaultValue("0.2") double jitter) {}

  /**
   * The outbox relay.
   *
   * @param batchSize messages published per confirm round
   * @param pollInterval how often it looks for due messages when nothing woke it
   * @param confirmTimeout how long it waits for the broker's confirms of a batch
   * @param failureBackoffInitial how long a dispatch the broker did not take (returned, nacked, or
   *     its queue could not be declared) waits before the relay tries it again; doubled on each
   *     further failure of the same row or queue
   * @param failureBackoffMax the longest such a wait grows
   */
  public record Relay(
      @DefaultValue("500") int batchSize,
      @DefaultValue("250ms") Duration pollInterval,
      @DefaultValue("10s") Duration confirmTimeout,
      @DefaultValue("1s") Duration failureBackoffInitial,
      @DefaultValue("1m") Duration failureBackoffMax) {}

  /**
   * The worker-event consumer.
   *
   * @param batchSize events applied in one transaction
   * @param consumers concurrent consumers of the events queue
   * @param batchWait the longest a batch waits to fill once its first event is in: under a steady
   *     trickle of events it is what each event may wait before it is applied, so it bounds
   *     latency; under load batches fill before it
   * @param maxAttempts times one event is applied on its own, the database answering, before it is
   *     dead-lettered with the reason (an event that fails while the database does not answer is
   *     requeued and waits for it instead)
   * @param prefetch unacked events the broker may send each consumer: above {@code batchSize}, so
   *     the next batch is already here while one commits (the broker does not idle); it must be at
   *     least {@code batchSize}
   */
  public record Events(
      @DefaultValue("200") int batchSize,
      @DefaultValue("1") int consumers,
      @DefaultValue("10ms") Duration batchWait,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("1000") int prefetch) {
    public Events {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            "baton.events.max-attempts must be at least 1, got " + maxAttempts);
      }
      requireBatchWithinPrefetch("baton.events", batchSize, prefetch);
    }
  }

  /**
   * The consumer of AMQP submissions.
   *
   * @param batchSize submissions stored in one transaction (each acked after it commits)
   * @param prefetch unacked submissions the broker may send: at least {@code batchSize}, above it
   *     so the next batch is here while one commits
   * @param batchWait the longest a partial batch waits to fill once its first message is in: each
   *     submission's added latency under light load
   */
  public record Submissions(
      @DefaultValue("100") int batchSize,
      @DefaultValue("500") int prefetch,
      @DefaultValue("10ms") Duration batchWait) {
    public Submissions {
      requireBatchWithinPrefetch("baton.submissions", batchSize, prefetch);
    }
  }

  private static void requireBatchWithinPrefetch(String prefix, int batchSize, int prefetch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          prefix + ".batch-size must be at least 1, got " + batchSize);
    }
    if (prefetch < batchSize) {
      throw new IllegalArgumentException(
          prefix
              + ".prefetch ("
              + prefetch
              + ") must be at least "
              + prefix
              + ".batch-size ("
              + batchSize
              + "): a batch cannot fill otherwise");
    }
  }

  /**
   * SQLite connection setup.
   *
   * @param readers connections for read-only transactions (writes always use the single writer)
   * @param connectionTimeout how long a request waits for a connection before failing
   * @param checkpointInterval how often a background thread copies the write-ahead log into the
   *     database file (a passive checkpoint), so that the writer's commits do not
   * @param writerCheckpointPages the log size, in pages, at which the writer checkpoints itself
   *     anyway (SQLite's own auto-checkpoint): a bound on the log if the background checkpoints
   *     fall behind
   * @param writerCache the writer connection's page cache: the pages of the tables and indexes it
   *     changes stay in memory between transactions instead of being read again (SQLite's default
   *     is 2 MB; allocated as used, so a small database takes little of it)
   * @param mmapSize how much of the database file every connection reads through a memory map
   *     (shared with the OS page cache) rather than by copying pages in; 0 turns it off
   */
  public record Sqlite(
      @DefaultValue("4") int readers,
      @DefaultValue("30s") Duration connectionTimeout,
      @DefaultValue("200ms") Duration checkpointInterval,
      @DefaultValue("20000") int writerCheckpointPages,
      @DefaultValue("64MB") DataSize writerCache,
      @DefaultValue("256MB") DataSize mmapSize) {

    public Sqlite {
      writerCache = writerCache != null ? writerCache : DataSize.ofMegabytes(64);
      mmapSize = mmapSize != null ? mmapSize : DataSize.ofMegabytes(256);
      if (writerCache.toKilobytes() < 1 || mmapSize.isNegative()) {
        throw new IllegalArgumentException(
            "baton.sqlite.writer-cache must be at least 1KB and baton.sqlite.mmap-size at least 0"
                + " (were "
                + writerCache
                + ", "
                + mmapSize
                + ")");
      }
      if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
        throw new IllegalArgumentException(
            "baton.sqlite.checkpoint-interval must be positive (was " + checkpointInterval + ")");
      }
      if (writerCheckpointPages < 1) {
        throw new IllegalArgumentException(
            "baton.sqlite.writer-checkpoint-pages must be at least 1 (was "
                + writerCheckpointPages
                + ")");
      }
    }
  }
}
