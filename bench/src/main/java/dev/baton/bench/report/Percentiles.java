package dev.baton.bench.report;

import java.util.Arrays;
import java.util.List;

/** Latency percentiles in milliseconds (nearest-rank), and the median of repeated figures. */
public record Percentiles(double p50, double p95, double p99, int samples) {

  public static final Percentiles NONE = new Percentiles(Double.NaN, Double.NaN, Double.NaN, 0);

  public static Percentiles of(long[] millis) {
    if (millis.length == 0) {
      return NONE;
    }
    var sorted = millis.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted.length);
  }

  private static double rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Each percentile's median over several runs; the samples summed. */
  public static Percentiles medianOf(List<Percentiles> runs) {
    return new Percentiles(
        median(runs.stream().map(Percentiles::p50).toList()),
        median(runs.stream().map(Percentiles::p95).toList()),
        median(runs.stream().map(Percentiles::p99).toList()),
        runs.stream().mapToInt(Percentiles::samples).sum());
  }

  /** The median of a figure measured several times (NaN for none). */
  public static double median(List<Double> values) {
    var sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
