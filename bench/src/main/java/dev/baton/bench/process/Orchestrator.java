package dev.baton.bench.process;

import dev.baton.bench.database.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator as an operator runs it ({@code java -jar}), on the run's broker prefix and its
 * phase's database (an SQLite file of its own, or a PostgreSQL database it may share with a second
 * orchestrator), on a free port kept across restarts (the growth phase stops it to pre-fill the
 * file and starts it again). Its environment says only where things are (broker, prefix, database,
 * port; never the embedded broker, so a missing RabbitMQ fails instead of being replaced): every
 * setting is the orchestrator's default. The tuned runs give it a 1 GiB heap; as shipped, the JVM
 * picks its own.
 */
public final class Orchestrator implements AutoCloseable {

  private final Path jar;
  private final Map<String, String> environment;
  private final Path logDir;
  private final int port;
  private final Http http;
  private final List<String> jvmOptions;
  private final String name;
  private ChildProcess current;
  private int runs;

  /**
   * @param name its log's name ({@code orchestrator-<name>-<start>.log}): the database's phase, and
   *     which of several orchestrators on it
   */
  public Orchestrator(
      Path jar, String amqpUri, String prefix, Database database, String name, Path logDir) {
    this(
        jar,
        amqpUri,
        prefix,
        database,
        name,
        logDir,
        List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"));
  }

  /** As shipped: {@code java -jar} with no JVM option, as the README runs it. */
  public static Orchestrator asShipped(
      Path jar, String amqpUri, String prefix, Database database, String name, Path logDir) {
    return new Orchestrator(jar, amqpUri, prefix, database, name, logDir, List.of());
  }

  private Orchestrator(
      Path jar,
      String amqpUri,
      String prefix,
      Database database,
      String name,
      Path logDir,
      List<String> jvmOptions) {
    this.jar = jar;
    this.jvmOptions = jvmOptions;
    this.name = name;
    this.logDir = logDir;
    this.port = freePort();
    var environment = new HashMap<String, String>();
    environment.put("BATON_AMQP_URI", amqpUri);
    environment.put("BATON_BROKER_PREFIX", prefix);
    environment.put("BATON_BROKER_EMBEDDED", "never");
    environment.put("BATON_PORT", String.valueOf(port));
    environment.putAll(database.orchestratorEnvironment());
    this.environment = Map.copyOf(environment);
    this.http = new Http(port);
  }

  /** Starts and waits until {@code /actuator/health} answers 200 (two minutes at most). */
  public Orchestrator start() {
    runs++;
    current =
        ChildProcess.start(
            jar,
            jvmOptions,
            environment,
            logDir.resolve("orchestrator-" + name + "-" + runs + ".log"));
    long started = System.nanoTime();
    while (!healthy()) {
      if (!current.isAlive()) {
        throw new IllegalStateException("the orchestrator exited\n" + current.logTail(60));
      }
      if (System.nanoTime() - started > 120_000_000_000L) {
        current.stop(5);
        throw new IllegalStateException(
            "the orchestrator is not healthy after 2 minutes\n" + current.logTail(60));
      }
      Pause.millis(250);
    }
    Progress.say(
        "orchestrator %s (pid %d) healthy on port %d after %.1f s",
        name, current.pid(), port, (System.nanoTime() - started) / 1e9);
    return this;
  }

  private boolean healthy() {
    try {
      return http.get("/actuator/health").status() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  public Http http() {
    return http;
  }

  /** The running process's pid, or -1 when none runs. */
  public long pid() {
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  public ChildProcess process() {
    return current;
  }

  /** Graceful stop (SIGTERM), SIGKILL after a minute. */
  public void stop() {
    if (current != null && current.isAlive()) {
      current.stop(60);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
