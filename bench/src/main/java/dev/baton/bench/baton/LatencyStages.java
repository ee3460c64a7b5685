package dev.baton.bench.baton;

import dev.baton.bench.report.Percentiles;
import java.util.List;

/**
 * A run's submit→completed latency cut at the two timestamps every task carries, so a tail can be
 * placed: <b>accepted</b> is the producer's send to the task's {@code created_at} (broker transit
 * and the submissions consumer's batch, before its commit); <b>dispatched</b> is {@code created_at}
 * to the worker's start ({@code started_at}, the worker's clock on the same machine: the commit,
 * the relay's publish, transit and the worker's own queue); <b>reported</b> is the start to {@code
 * completed_at} (the handler, the result's message and the events consumer's batch).
 */
public record LatencyStages(Percentiles accepted, Percentiles dispatched, Percentiles reported) {

  public static final LatencyStages NONE =
      new LatencyStages(Percentiles.NONE, Percentiles.NONE, Percentiles.NONE);

  /** The median of each percentile over the runs, stage by stage. */
  public static LatencyStages median(List<LatencyStages> runs) {
    return new LatencyStages(
        Percentiles.medianOf(runs.stream().map(LatencyStages::accepted).toList()),
        Percentiles.medianOf(runs.stream().map(LatencyStages::dispatched).toList()),
        Percentiles.medianOf(runs.stream().map(LatencyStages::reported).toList()));
  }
}
