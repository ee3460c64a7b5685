package dev.baton.orchestrator.faults;

import dev.baton.example.ExampleWorker;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import dev.baton.worker.BatonWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one fault test starts, and its clean-up. Register it with {@code @RegisterExtension}; each
 * test gets its own AMQP prefix, SQLite file and log directory ({@code
 * target/faults/<class>.<method>-<time>/}). After each test, passed or failed: on failure the tail
 * of every process log is printed; the broker is started again if the test stopped it; every
 * process is killed and every in-process worker stopped; the test's queues and exchanges are
 * deleted.
 */
final class FaultHarness implements BeforeEachCallback, AfterEachCallback {

  /** The task queues the example worker declares (it has a handler for each type). */
  static final List<String> EXAMPLE_TYPES = List.of("echo", "sleep", "sha256", "fail");

  /**
   * Whatever runs now, for the JVM's exit: a test JVM killed by a timeout leaves nothing behind.
   */
  private static final Set<AutoCloseable> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(FaultHarness::closeQuietly), "baton-faults-cleanup"));
  }

  private final List<OrchestratorProcess> orchestrators = new ArrayList<>();
  private final List<WorkerProcess> workerProcesses = new ArrayList<>();
  private final List<AutoCloseable> started = new ArrayList<>();
  private Rabbitmqctl rabbitmqctl;
  private String prefix;
  private String databaseUrl;
  private Path logDir;

  @Override
  public void beforeEach(ExtensionContext context) {
    var name = context.getRequiredTestClass().getSimpleName();
    prefix = TestBroker.uniquePrefix(name);
    databaseUrl = TestDatabase.newDatabase(name);
    var time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    logDir =
        BuiltJars.orchestratorTarget()
            .resolve("faults")
            .resolve(name + "." + context.getRequiredTestMethod().getName() + "-" + time);
    report(
        "%s: prefix %s, broker %s, logs in %s",
        context.getDisplayName(), prefix, TestBroker.describe(), logDir);
  }

  String prefix() {
    return prefix;
  }

  Topology topology() {
    return new Topology(prefix);
  }

  /** Starts the orchestrator process with the test's prefix and database, and extra settings. */
  OrchestratorProcess startOrchestrator(Map<String, String> settings) {
    var orchestrator = new OrchestratorProcess(prefix, databaseUrl, logDir, settings);
    orchestrators.add(orchestrator);
    track(orchestrator);
    return orchestrator.start();
  }

  /** Starts the example worker as a process (see {@link WorkerProcess#start}). */
  WorkerProcess startWorkerProcess(String name, int concurrency, Duration heartbeatInterval) {
    var worker = WorkerProcess.start(name, prefix, concurrency, heartbeatInterval, logDir);
    workerProcesses.add(worker);
    track(worker);
    return worker;
  }

  /** Starts the example worker in this JVM, heartbeating every second. */
  BatonWorker startInProcessWorker(int concurrency) {
    var worker =
        ExampleWorker.builder(TestBroker.amqpUri(), topology(), concurrency)
            .heartbeatInterval(Duration.ofSeconds(1))
            .build();
    worker.start();
    track(() -> worker.stop(Duration.ofSeconds(5)));
    return worker;
  }

  /** rabbitmqctl for the test broker; skips or fails the test if there is none. */
  Rabbitmqctl rabbitmqctl() {
    if (rabbitmqctl == null) {
      rabbitmqctl = Rabbitmqctl.forTestBroker();
    }
    return rabbitmqctl;
  }

  /** Prints to the test output (Failsafe keeps it in {@code *-output.txt}). */
  static void report(String format, Object... args) {
    System.out.printf("[faults] " + format + "%n", args);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      orchestrators.forEach(o -> System.out.println(o.logTail(80)));
      workerProcesses.forEach(w -> System.out.println(w.logTail(40)));
    }
    try {
      if (rabbitmqctl != null) {
        // Other tests share the broker: it must be up again, whatever happened here.
        rabbitmqctl.ensureStarted();
      }
    } finally {
      started.forEach(FaultHarness::closeQuietly);
      started.forEach(RUNNING::remove);
      TestBroker.deleteTopology(topology(), EXAMPLE_TYPES);
    }
  }

  private void track(AutoCloseable closeable) {
    started.add(closeable);
    RUNNING.add(closeable);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception | AssertionError e) {
      report("clean-up: %s", e);
    }
  }
}
