package dev.baton.bench.baton;

import dev.baton.bench.cost.Cost;
import dev.baton.bench.report.Percentiles;

/**
 * One end-to-end run: tasks/s from the first submission to the last COMPLETED, latency (and, for
 * Baton, its {@link LatencyStages}), and what the run cost meanwhile (CPU by process group, broker
 * messages; {@link Cost#NONE} when not measured).
 */
public record RunResult(
    int tasks, double tasksPerSecond, Percentiles latency, LatencyStages stages, Cost cost) {

  public RunResult(int tasks, double tasksPerSecond, Percentiles latency, Cost cost) {
    this(tasks, tasksPerSecond, latency, LatencyStages.NONE, cost);
  }

  public RunResult withCost(Cost measured) {
    return new RunResult(tasks, tasksPerSecond, latency, stages, measured);
  }
}
