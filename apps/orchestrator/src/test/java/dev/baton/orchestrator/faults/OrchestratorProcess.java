package dev.baton.orchestrator.faults;

import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The orchestrator as an operator runs it: {@code java -jar baton-orchestrator.jar}, configured by
 * environment variables, on the test broker with its own prefix and SQLite file, on a free port
 * that it keeps across restarts. Each run logs to {@code orchestrator-<n>.log} in the test's log
 * directory.
 */
final class OrchestratorProcess implements AutoCloseable {

  static final Duration STARTUP = Duration.ofMinutes(2);

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Path logDir;
  private final int port;
  private final JsonHttp http;
  private JavaProcess current;
  private int runs;

  /**
   * @param settings extra environment, e.g. {@code BATON_WORKERS_OFFLINEAFTER=6s}
   */
  OrchestratorProcess(
      String prefix, String databaseUrl, Path logDir, Map<String, String> settings) {
    this.logDir = logDir;
    this.port = freePort();
    environment.put("BATON_AMQP_URI", TestBroker.amqpUri());
    environment.put("BATON_BROKER_PREFIX", prefix);
    environment.put("BATON_BROKER_EMBEDDED", "never");
    environment.put("BATON_DATABASE_URL", databaseUrl);
    environment.put("BATON_PORT", String.valueOf(port));
    // The fault tests read health details (the outbox count), which by default only an
    // authorized caller sees.
    environment.put("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS", "always");
    environment.putAll(settings);
    this.http = new JsonHttp(port);
  }

  /** Starts a run and waits until {@code /actuator/health} answers 200. */
  OrchestratorProcess start() {
    if (current != null && current.isAlive()) {
      throw new IllegalStateException("orchestrator already running (pid " + current.pid() + ")");
    }
    runs++;
    current =
        JavaProcess.start(
            BuiltJars.orchestrator(),
            environment,
            logDir.resolve("orchestrator-" + port + "-" + runs + ".log"));
    var started = System.nanoTime();
    var run = current;
    try {
      await("orchestrator run " + runs + " healthy on port " + port)
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(250))
          .failFast("the orchestrator process exited", () -> !run.isAlive())
          .until(() -> http.healthStatus() == 200);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(
          "orchestrator did not become healthy: " + e.getMessage() + "\n" + run.logTail(60), e);
    }
    System.out.printf(
        "[faults] orchestrator run %d (pid %d) healthy on port %d after %d ms%n",
        runs, run.pid(), port, (System.nanoTime() - started) / 1_000_000);
    return this;
  }

  /** Starts again on the same database, prefix and port, after {@link #kill9()}. */
  OrchestratorProcess restart() {
    return start();
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  void kill9() {
    current.kill9();
    System.out.printf("[faults] orchestrator run %d (pid %d) killed%n", runs, current.pid());
  }

  JsonHttp http() {
    return http;
  }

  /** The tail of the current run's log (or a note that none ran). */
  String logTail(int lines) {
    return current == null ? "(orchestrator never started)" : current.logTail(lines);
  }

  @Override
  public void close() {
    if (current != null && current.isAlive()) {
      current.kill9();
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
