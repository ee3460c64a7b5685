package dev.baton.bench.process;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One example-worker process (its {@code echo} handler is the benchmark's no-op task): tuned (a
 * given concurrency and heap), or as shipped (only where the broker is and the prefix: every other
 * setting the worker's own default, as a user following the README runs it).
 */
public final class Worker implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Baton worker \\S+ started.*");

  private final ChildProcess process;
  private final String name;
  private final double cpuSecondsWhenStarted;
  private final String startedLine;

  private Worker(
      ChildProcess process, String name, double cpuSecondsWhenStarted, String startedLine) {
    this.process = process;
    this.name = name;
    this.cpuSecondsWhenStarted = cpuSecondsWhenStarted;
    this.startedLine = startedLine;
  }

  /**
   * Workers named {@code names} with {@code concurrency} handler threads and a 256 MiB heap,
   * launched together; returns once each has said it started.
   */
  public static List<Worker> start(
      Path jar, String amqpUri, String prefix, List<String> names, int concurrency, Path logDir) {
    return launch(
        jar,
        List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
        name -> {
          var environment = new HashMap<>(location(amqpUri, prefix, name));
          environment.put("BATON_WORKER_CONCURRENCY", String.valueOf(concurrency));
          return environment;
        },
        names,
        "concurrency " + concurrency,
        logDir);
  }

  /**
   * Workers with their default settings and the JVM's ({@code java -jar}, told only where the
   * broker is and the prefix), launched together; returns once each has said it started.
   */
  public static List<Worker> asShipped(
      Path jar, String amqpUri, String prefix, List<String> names, Path logDir) {
    return launch(
        jar, List.of(), name -> location(amqpUri, prefix, name), names, "default settings", logDir);
  }

  private static Map<String, String> location(String amqpUri, String prefix, String name) {
    return Map.of("BATON_AMQP_URI", amqpUri, "BATON_PREFIX", prefix, "HOSTNAME", name);
  }

  /**
   * Launches them all at once (their JVMs start in parallel), then waits until each has said it
   * started, noting its CPU time at that moment.
   */
  private static List<Worker> launch(
      Path jar,
      List<String> jvmOptions,
      Function<String, Map<String, String>> environment,
      List<String> names,
      String settings,
      Path logDir) {
    var processes = new LinkedHashMap<String, ChildProcess>();
    for (var name : names) {
      processes.put(
          name,
          ChildProcess.start(
              jar, jvmOptions, environment.apply(name), logDir.resolve("worker-" + name + ".log")));
    }
    var started = new LinkedHashMap<String, Worker>();
    long since = System.nanoTime();
    while (started.size() < processes.size()) {
      for (var entry : processes.entrySet()) {
        var name = entry.getKey();
        var process = entry.getValue();
        if (started.containsKey(name)) {
          continue;
        }
        var line = STARTED.matcher(process.logText());
        if (line.find()) {
          started.put(name, new Worker(process, name, process.cpuSeconds(), line.group()));
          Progress.say("worker %s (pid %d) started, %s", name, process.pid(), settings);
        } else if (!process.isAlive()) {
          processes.values().forEach(p -> p.stop(5));
          throw new IllegalStateException("worker " + name + " exited\n" + process.logTail(40));
        } else if (System.nanoTime() - since > 60_000_000_000L) {
          processes.values().forEach(p -> p.stop(5));
          throw new IllegalStateException(
              "worker " + name + " did not start\n" + process.logTail(40));
        }
      }
      if (started.size() < processes.size()) {
        Pause.millis(100);
      }
    }
    return List.copyOf(started.values());
  }

  /** What it logged when it started (types, concurrency, broker, prefix): its settings. */
  public String startedLine() {
    return startedLine;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** CPU seconds (user + system) so far; NaN when unreadable. */
  public double cpuSeconds() {
    return process.cpuSeconds();
  }

  /**
   * CPU seconds it had used when it said it started: its JVM's start-up, which a measurement that
   * starts the worker does not count as the cost of tasks.
   */
  public double cpuSecondsWhenStarted() {
    return cpuSecondsWhenStarted;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop(30);
    }
  }
}
