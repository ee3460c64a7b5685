package dev.baton.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/PID/stat} (utime + stime of all its threads, in clock
 * ticks of 1/100 s on Linux; not its children's): how busy the orchestrator, the workers and the
 * broker really were during a run tells a CPU-bound component from one that waits (on fsync,
 * confirms or a lock). {@link MachineCpu} is the same for the whole machine.
 */
public final class CpuTime {

  private static final double TICKS_PER_SECOND = 100.0;

  private CpuTime() {}

  /** CPU seconds used so far by {@code pid}, or NaN when unreadable (gone, or not Linux). */
  public static double of(long pid) {
    try {
      var stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // The command name (field 2) may contain spaces; the fields after its ')' are fixed.
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public static double ofThisJvm() {
    return of(ProcessHandle.current().pid());
  }
}
