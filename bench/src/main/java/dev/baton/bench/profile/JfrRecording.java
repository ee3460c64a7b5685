package dev.baton.bench.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flight recording of a running JVM, started and stopped with {@code jcmd}: only the measured
 * runs are recorded, not the orchestrator's start-up (class loading would top the profile).
 */
public final class JfrRecording {

  private static final String NAME = "baton-bench";

  private final long pid;
  private final Path file;

  private JfrRecording(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  public static JfrRecording start(long pid, Path file) {
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
    return new JfrRecording(pid, file);
  }

  /** Writes the recording to its file and ends it. */
  public Path stop() {
    jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    return file;
  }

  private static void jcmd(long pid, String... command) {
    var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    var args = new java.util.ArrayList<>(List.of(jcmd, String.valueOf(pid)));
    args.addAll(List.of(command));
    try {
      var process = new ProcessBuilder(args).redirectErrorStream(true).start();
      var out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", args) + " failed: " + out);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run " + jcmd + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
