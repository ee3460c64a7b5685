package dev.baton.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a run was measured on, as the report states it. */
public record Machine(
    String cpu, int cores, String memory, String java, String os, String broker, String load) {

  public static Machine describe(String brokerVersion) {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        brokerVersion,
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages at the start: anything else running skews a run. */
  private static String loadAverage() {
    try {
      var fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    return procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
  }

  private static String memTotal() {
    return procLine("/proc/meminfo", "MemTotal")
        .map(v -> String.format("%.1f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1048576.0))
        .orElse("unknown");
  }

  private static Optional<String> procLine(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
