package dev.baton.orchestrator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Baton's own settings ({@code baton.*}); Spring's own ({@code spring.rabbitmq.*}, {@code
 * spring.datasource.*}) configure the broker and database connections.
 */
@ConfigurationProperties("baton")
public record BatonProperties(
    Broker broker, Tasks tasks, Relay relay, Events events, Sqlite sqlite) {

  public BatonProperties {
    broker = broker != null ? broker : new Broker(null, null);
    tasks = tasks != null ? tasks : new Tasks(5, 300, 3, 86_400, 100);
    relay = relay != null ? relay : new Relay(500, Duration.ofMillis(250), Duration.ofSeconds(10));
    events = events != null ? events : new Events(200, 1);
    sqlite = sqlite != null ? sqlite : new Sqlite(4, Duration.ofSeconds(30));
  }

  /**
   * The AMQP names and the embedded broker.
   *
   * @param prefix prefix of every exchange and queue name
   * @param embedded {@code auto}: start an in-process broker when none is configured and none
   *     answers on localhost:5672; {@code never}; {@code always}
   */
  public record Broker(
      @DefaultValue("baton") String prefix, @DefaultValue("auto") Embedded embedded) {
    public Broker {
      prefix = prefix == null ? "baton" : prefix;
      embedded = embedded == null ? Embedded.AUTO : embedded;
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
      @DefaultValue("100") int maxRetriesLimit) {}

  /**
   * The outbox relay.
   *
   * @param batchSize messages published per confirm round
   * @param pollInterval how often it looks for due messages when nothing woke it
   * @param confirmTimeout how long it waits for the broker's confirms of a batch
   */
  public record Relay(
      @DefaultValue("500") int batchSize,
      @DefaultValue("250ms") Duration pollInterval,
      @DefaultValue("10s") Duration confirmTimeout) {}

  /**
   * The worker-event consumer.
   *
   * @param batchSize events applied in one transaction (also the consumer prefetch)
   * @param consumers concurrent consumers of the events queue
   */
  public record Events(@DefaultValue("200") int batchSize, @DefaultValue("1") int consumers) {}

  /**
   * SQLite connection setup.
   *
   * @param readers connections for read-only transactions (writes always use the single writer)
   * @param connectionTimeout how long a request waits for a connection before failing
   */
  public record Sqlite(
      @DefaultValue("4") int readers, @DefaultValue("30s") Duration connectionTimeout) {}
}
