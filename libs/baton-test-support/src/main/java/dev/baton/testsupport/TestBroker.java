package dev.baton.testsupport;

import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.Topology;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;

/**
 * The AMQP broker for tests, chosen once per JVM on first use, in this order:
 *
 * <ol>
 *   <li>{@code BATON_TEST_AMQP_URI} (system property or environment variable) if set; otherwise a
 *       broker accepting guest/guest on {@code 127.0.0.1:5672}, e.g. a local RabbitMQ service;
 *   <li>if {@code BATON_TEST_REQUIRE_RABBITMQ=true} and nothing was found: an {@link
 *       IllegalStateException} saying what to start (CI sets this, so that tests fail instead of
 *       quietly running on a stand-in);
 *   <li>a {@code rabbitmq:4-management} container, if Docker is usable;
 *   <li>the embedded Qpid broker, stopped when the JVM exits.
 * </ol>
 *
 * <p>The choice is printed once, e.g. {@code RabbitMQ 4.1.4 at 127.0.0.1:5672 (running service)}.
 * Tests that depend on RabbitMQ-only behaviour can check {@link #isRabbitMq()}. Queues are shared
 * across runs on a real RabbitMQ: use {@link #uniquePrefix(String)} for names and {@link
 * #deleteTopology(Topology, Collection)} to clean up.
 */
public final class TestBroker {

  private static ChosenBroker chosen;
  private static RuntimeException failure;

  private TestBroker() {}

  /** The URI to connect with, credentials included. */
  public static String amqpUri() {
    return chosen().amqpUri();
  }

  /** What the chosen broker is, read from its connection's server properties. */
  public static BrokerFlavor flavor() {
    return chosen().flavor();
  }

  /** Whether the chosen broker is RabbitMQ (rather than the embedded Qpid). */
  public static boolean isRabbitMq() {
    return flavor() == BrokerFlavor.RABBITMQ;
  }

  /** Product, version, address and origin of the chosen broker, without credentials. */
  public static String describe() {
    return chosen().description();
  }

  /** A new connection factory for the chosen broker; callers may change it freely. */
  public static ConnectionFactory connectionFactory() {
    return BrokerIdentity.factoryFor(amqpUri());
  }

  /**
   * A fresh AMQP name prefix for one test context, valid for {@code new Topology(prefix)}, such as
   * {@code t-orderflow-3f9c2a61b0d4}. A readable part of {@code testName} helps to tell leftovers
   * apart; the random part keeps parallel and consecutive runs from sharing queues.
   *
   * @param testName anything that names the test, may be {@code null}
   */
  public static String uniquePrefix(String testName) {
    var random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    var readable =
        testName == null
            ? ""
            : testName
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
    if (readable.length() > 24) {
      readable = readable.substring(0, 24).replaceAll("-+$", "");
    }
    return readable.isEmpty() ? "t-" + random : "t-" + readable + "-" + random;
  }

  /**
   * Deletes, best effort, what a test declared under {@code topology}'s prefix: the orchestrator
   * events, submissions and dead-letter queues, the task queues of {@code taskTypes}, and the
   * tasks, events, control and dead-letter exchanges. Missing ones are skipped; an unreachable
   * broker is reported, not thrown.
   *
   * @throws IllegalArgumentException if a task type is not a valid protocol task type
   */
  public static void deleteTopology(Topology topology, Collection<String> taskTypes) {
    TopologyCleanup.delete(connectionFactory(), topology, taskTypes);
  }

  private static synchronized ChosenBroker chosen() {
    if (chosen == null && failure == null) {
      try {
        chosen = BrokerSelection.choose(Settings.fromEnvironment(), new LiveCandidates());
        report("AMQP broker for tests: " + chosen.description());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      // Remember the failure: every later test should see the same reason, not a new attempt.
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return chosen;
  }

  /**
   * Standard out rather than a logger: test classpaths may have no SLF4J binding, and which broker
   * the tests ran on must always be visible.
   */
  static void report(String message) {
    System.out.println("[baton-test-support] " + message);
  }
}
