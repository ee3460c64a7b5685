package dev.baton.orchestrator.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code java -jar} with its own environment, its output (stdout and stderr together) in
 * a log file. The inherited {@code BATON_*} and {@code SPRING_*} variables are dropped, so only
 * what the test sets configures the process.
 */
final class JavaProcess {

  /** Small heaps and the quick compiler: several JVMs share two cores during a fault test. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  private final Process process;
  private final Path log;

  private JavaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JavaProcess start(Path jar, Map<String, String> environment, Path log) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    var builder =
        new ProcessBuilder(command)
            .directory(log.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    var env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("BATON_") || key.startsWith("SPRING_"));
    env.putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      return new JavaProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL on Linux: no shutdown hook runs, nothing is flushed or closed. */
  void kill9() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + process.pid(), e);
    }
  }

  String logText() {
    return read(log);
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  String logTail(int lines) {
    var all = logText().split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return "---- last "
        + (all.length - from)
        + " lines of "
        + log
        + " ----\n"
        + String.join("\n", List.of(all).subList(from, all.length));
  }
}
