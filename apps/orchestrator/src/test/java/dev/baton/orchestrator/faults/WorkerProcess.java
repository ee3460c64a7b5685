package dev.baton.orchestrator.faults;

import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The example worker as a process ({@code java -jar baton-example-worker.jar}), so that a test can
 * kill it with SIGKILL. Its worker id is read from its start-up line.
 */
final class WorkerProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Baton worker (\\S+) started");

  private final String name;
  private final JavaProcess process;
  private final String workerId;

  private WorkerProcess(String name, JavaProcess process, String workerId) {
    this.name = name;
    this.process = process;
    this.workerId = workerId;
  }

  /**
   * Starts a worker and waits until it consumes.
   *
   * @param name readable name: the log file's and the start of the worker id (its host name part)
   */
  static WorkerProcess start(
      String name, String prefix, int concurrency, Duration heartbeatInterval, Path logDir) {
    var process =
        JavaProcess.start(
            BuiltJars.exampleWorker(),
            Map.of(
                "BATON_AMQP_URI",
                TestBroker.amqpUri(),
                "BATON_PREFIX",
                prefix,
                "BATON_WORKER_CONCURRENCY",
                String.valueOf(concurrency),
                "BATON_WORKER_HEARTBEAT_INTERVAL",
                heartbeatInterval.toMillis() + "ms",
                "HOSTNAME",
                name),
            logDir.resolve("worker-" + name + ".log"));
    try {
      await("worker " + name + " started")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .failFast("the worker process exited", () -> !process.isAlive())
          .until(() -> STARTED.matcher(process.logText()).find());
      // Logged right after the start: proves the jar honours BATON_WORKER_HEARTBEAT_INTERVAL.
      var heartbeat = "heartbeat interval " + heartbeatInterval.toMillis() + " ms";
      await("worker " + name + " logs its " + heartbeat)
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> process.logText().contains(heartbeat));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      process.kill9();
      throw new AssertionError(
          "worker " + name + " did not start: " + e.getMessage() + "\n" + process.logTail(40), e);
    }
    var matcher = STARTED.matcher(process.logText());
    matcher.find();
    var id = matcher.group(1);
    System.out.printf("[faults] worker %s (pid %d) started as %s%n", name, process.pid(), id);
    return new WorkerProcess(name, process, id);
  }

  String workerId() {
    return workerId;
  }

  String logTail(int lines) {
    return process.logTail(lines);
  }

  /** SIGKILL: no graceful stop, unacked dispatches go back to the broker with the connection. */
  void kill9() {
    process.kill9();
    System.out.printf("[faults] worker %s (%s) killed%n", name, workerId);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.kill9();
    }
  }
}
