package dev.baton.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time so far, from the first line of {@code /proc/stat} (clock ticks of
 * 1/100 s, summed over all CPUs): busy is everything but idle and iowait. Between two readings it
 * says how busy the machine was, including processes that are not the benchmark's.
 *
 * @param busySeconds CPU seconds spent busy, all CPUs together (NaN when unreadable)
 * @param totalSeconds CPU seconds elapsed, all CPUs together (NaN when unreadable)
 */
public record MachineCpu(double busySeconds, double totalSeconds) {

  private static final double TICKS_PER_SECOND = 100.0;

  public static MachineCpu read() {
    try (var lines = Files.lines(Path.of("/proc/stat"))) {
      var cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow();
      var fields = cpu.trim().split("\\s+");
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new MachineCpu((total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return new MachineCpu(Double.NaN, Double.NaN); // not Linux: the report shows "n/a"
    }
  }

  public MachineCpu minus(MachineCpu earlier) {
    return new MachineCpu(busySeconds - earlier.busySeconds, totalSeconds - earlier.totalSeconds);
  }
}
