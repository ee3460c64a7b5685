package dev.baton.bench.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One example-worker process (its {@code echo} handler is the benchmark's no-op task). */
public final class Worker implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Baton worker \\S+ started");

  private final ChildProcess process;

  private Worker(ChildProcess process) {
    this.process = process;
  }

  public static Worker start(
      Path jar, String amqpUri, String prefix, String name, int concurrency, Path logDir) {
    var process =
        ChildProcess.start(
            jar,
            List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
            Map.of(
                "BATON_AMQP_URI", amqpUri,
                "BATON_PREFIX", prefix,
                "BATON_WORKER_CONCURRENCY", String.valueOf(concurrency),
                "HOSTNAME", name),
            logDir.resolve("worker-" + name + ".log"));
    long started = System.nanoTime();
    while (!STARTED.matcher(process.logText()).find()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("worker " + name + " exited\n" + process.logTail(40));
      }
      if (System.nanoTime() - started > 60_000_000_000L) {
        process.stop(5);
        throw new IllegalStateException(
            "worker " + name + " did not start\n" + process.logTail(40));
      }
      Pause.millis(100);
    }
    Progress.say("worker %s (pid %d) started, concurrency %d", name, process.pid(), concurrency);
    return new Worker(process);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.stop(30);
    }
  }
}
