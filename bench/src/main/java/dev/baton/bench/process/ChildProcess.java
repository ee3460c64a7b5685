package dev.baton.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar} child with its own environment and its output in a log file. Every child is
 * remembered until it ends, and a shutdown hook kills those left, so a failed or interrupted
 * (Ctrl-C) benchmark never leaves an orchestrator or worker behind on the shared machine.
 */
public final class ChildProcess {

  private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "bench-kill-children"));
  }

  private final Process process;
  private final Path log;

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ChildProcess start(
      Path jar, List<String> jvmOptions, Map<String, String> environment, Path log) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    var builder =
        new ProcessBuilder(command)
            .directory(log.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Only what the harness sets configures the child, not the caller's BATON_* variables.
    builder.environment().keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_"));
    builder.environment().putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      var child = new ChildProcess(builder.start(), log);
      LIVE.add(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, then SIGKILL if it has not ended within {@code graceSeconds}. */
  public void stop(int graceSeconds) {
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LIVE.remove(this);
  }

  /** CPU time (user + system) the process has used so far, in seconds; NaN when unreadable. */
  public double cpuSeconds() {
    return CpuTime.of(pid());
  }

  /** Resident memory in MiB (VmRSS of /proc/PID/status), or -1 when it cannot be read. */
  public double residentMib() {
    try {
      for (var line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone: the report shows "n/a"
    }
    return -1;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }

  public String logTail(int lines) {
    var all = logText().split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return "---- last lines of "
        + log
        + " ----\n"
        + String.join("\n", List.of(all).subList(from, all.length));
  }

  private static void killAll() {
    for (var child : LIVE) {
      child.process.descendants().forEach(ProcessHandle::destroyForcibly);
      child.process.destroyForcibly();
    }
  }
}
