package dev.baton.orchestrator.faults;

import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TestBroker;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code rabbitmqctl} against the test broker, each command with a timeout. Tests that need it
 * call {@link #forTestBroker()}: on a developer machine without a local RabbitMQ they are skipped;
 * where a real broker is required ({@code BATON_TEST_REQUIRE_RABBITMQ=true}, or {@code CI} is set)
 * they fail instead, so a fault test never passes by not running.
 *
 * <p>Settings (system property, else environment variable): {@code BATON_TEST_RABBITMQCTL} the
 * executable (default: found on the {@code PATH} or in {@code /usr/sbin}, {@code /usr/local/sbin},
 * {@code /opt/rabbitmq/sbin}); {@code BATON_TEST_RABBITMQCTL_NODE} the node to control (default:
 * rabbitmqctl's own default), e.g. a private node that {@code BATON_TEST_AMQP_URI} points to.
 * Before anything else it checks that the test broker is on this machine (unless a node is named)
 * and that the node's AMQP listener is the test broker's port, so it never stops another broker.
 */
final class Rabbitmqctl {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final List<String> base;
  private volatile boolean appStoppedByUs;

  private Rabbitmqctl(List<String> base) {
    this.base = base;
  }

  /** A rabbitmqctl for the test broker; skips or fails the test when there is none (see above). */
  static Rabbitmqctl forTestBroker() {
    if (!TestBroker.isRabbitMq()) {
      unavailable("the test broker is not RabbitMQ (" + TestBroker.describe() + ")");
    }
    var executable = executable();
    if (executable.isEmpty()) {
      unavailable("rabbitmqctl not found (set BATON_TEST_RABBITMQCTL to its path)");
    }
    var command = new ArrayList<String>();
    command.add(executable.get().toString());
    setting("BATON_TEST_RABBITMQCTL_NODE")
        .ifPresent(
            node -> {
              command.add("-n");
              command.add(node);
            });
    var ctl = new Rabbitmqctl(List.copyOf(command));
    var broker = URI.create(TestBroker.amqpUri());
    int amqpPort = broker.getPort() > 0 ? broker.getPort() : 5672;
    if (!LOCAL_HOSTS.contains(broker.getHost())
        && setting("BATON_TEST_RABBITMQCTL_NODE").isEmpty()) {
      unavailable(
          "the test broker is on "
              + broker.getHost()
              + ", not this machine; set BATON_TEST_RABBITMQCTL_NODE to its node to control it");
    }
    List<Integer> ports;
    try {
      ports = ctl.amqpListenerPorts();
    } catch (RuntimeException e) {
      unavailable("rabbitmqctl does not work here: " + e.getMessage());
      return ctl;
    }
    if (!ports.contains(amqpPort)) {
      unavailable(
          "rabbitmqctl controls a node listening for AMQP on "
              + ports
              + ", but the test broker is on port "
              + amqpPort
              + "; set BATON_TEST_RABBITMQCTL_NODE to the test broker's node");
    }
    return ctl;
  }

  /** {@code stop_app}: the node stays up, the broker closes every connection and stops. */
  void stopApp() {
    appStoppedByUs = true;
    run("stop_app");
    System.out.println("[faults] rabbitmqctl stop_app done");
  }

  /** {@code start_app}, then waits until the broker accepts AMQP connections again. */
  void startApp() {
    run("start_app");
    awaitAmqp(Duration.ofMinutes(2));
    appStoppedByUs = false;
    System.out.println("[faults] rabbitmqctl start_app done, broker answers");
  }

  /** Starts the app again if this instance stopped it; for clean-up after a failure. */
  void ensureStarted() {
    if (appStoppedByUs) {
      startApp();
    }
  }

  /** {@code close_all_connections}: every connection on the default virtual host. */
  String closeAllConnections(String explanation) {
    return run("close_all_connections", explanation);
  }

  /**
   * A numeric setting of the broker's {@code rabbit} application, e.g. {@code consumer_timeout}
   * (the delivery acknowledgement timeout, ms) or {@code channel_tick_interval} (how often a
   * channel checks it, ms); empty when unset.
   */
  Optional<Long> brokerSetting(String key) {
    var answer = run("eval", "application:get_env(rabbit, " + key + ").").strip();
    var value = Pattern.compile("\\{ok,\\s*(\\d+)}").matcher(answer);
    return value.find() ? Optional.of(Long.parseLong(value.group(1))) : Optional.empty();
  }

  /**
   * Sets a numeric setting of the {@code rabbit} application, or unsets it for empty. Broker-wide;
   * channel settings apply to channels (or their timers) started after the change.
   */
  void brokerSetting(String key, Optional<Long> value) {
    if (value.isPresent()) {
      run("eval", "application:set_env(rabbit, " + key + ", " + value.get() + ").");
    } else {
      run("eval", "application:unset_env(rabbit, " + key + ").");
    }
    System.out.println("[faults] rabbitmqctl " + key + " set to " + value);
  }

  /** A queue as {@code list_queues} shows it: messages ready and unacknowledged, consumers. */
  record Queue(String name, int messages, int consumers) {}

  /** The queues whose names start with {@code prefix}, by name. */
  Map<String, Queue> queues(String prefix) {
    var json =
        JsonHttp.JSON.readTree(
            run("-q", "list_queues", "name", "messages", "consumers", "--formatter", "json"));
    var queues = new TreeMap<String, Queue>();
    for (JsonNode queue : json) {
      var name = queue.get("name").asString();
      if (name.startsWith(prefix + ".")) {
        queues.put(
            name, new Queue(name, queue.get("messages").asInt(), queue.get("consumers").asInt()));
      }
    }
    return queues;
  }

  /** Runs a command; its standard output, or an exception with its output if it fails. */
  String run(String... arguments) {
    return run(DEFAULT_TIMEOUT, arguments);
  }

  String run(Duration timeout, String... arguments) {
    var command = new ArrayList<>(base);
    command.addAll(List.of(arguments));
    try {
      var output = Files.createTempFile("rabbitmqctl", ".out");
      try {
        var process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish within " + timeout);
        }
        var text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              command + " exited with " + process.exitValue() + ": " + text.strip());
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** Waits until a plain AMQP connection to the test broker succeeds. */
  static void awaitAmqp(Duration atMost) {
    await("RabbitMQ accepts connections again")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              var factory = TestBroker.connectionFactory();
              factory.setAutomaticRecoveryEnabled(false);
              factory.setConnectionTimeout(2_000);
              try (var connection = factory.newConnection("baton-faults-probe")) {
                return connection.isOpen();
              }
            });
  }

  private List<Integer> amqpListenerPorts() {
    var status = JsonHttp.JSON.readTree(run("-q", "status", "--formatter", "json"));
    var ports = new ArrayList<Integer>();
    for (JsonNode listener : status.path("listeners")) {
      if (listener.path("protocol").asString().startsWith("amqp")) {
        ports.add(listener.path("port").asInt());
      }
    }
    return ports;
  }

  private static Optional<Path> executable() {
    var configured = setting("BATON_TEST_RABBITMQCTL");
    if (configured.isPresent()) {
      return configured.map(Path::of).filter(Files::isExecutable);
    }
    var path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.concat(
            Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank()),
            Stream.of("/usr/sbin", "/usr/local/sbin", "/opt/rabbitmq/sbin"))
        .map(dir -> Path.of(dir, "rabbitmqctl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Optional<String> setting(String name) {
    return Optional.ofNullable(System.getProperty(name))
        .or(() -> Optional.ofNullable(System.getenv(name)))
        .map(String::strip)
        .filter(value -> !value.isEmpty());
  }

  /** Skips the test, or fails it where a real broker and its tools are required. */
  private static void unavailable(String reason) {
    boolean required =
        setting("BATON_TEST_REQUIRE_RABBITMQ").map(Boolean::parseBoolean).orElse(false)
            || setting("CI").isPresent();
    if (required) {
      throw new IllegalStateException(
          "fault test needs rabbitmqctl for the test broker, and this run requires it"
              + " (BATON_TEST_REQUIRE_RABBITMQ or CI is set): "
              + reason);
    }
    Assumptions.abort("fault test skipped: " + reason);
  }
}
