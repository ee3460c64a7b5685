package dev.baton.bench.baton;

import dev.baton.bench.cost.Cost;
import dev.baton.bench.report.Percentiles;

/**
 * One end-to-end run: tasks/s from the first submission to the last COMPLETED, latency, and what
 * the run cost meanwhile (CPU by process group, broker messages; {@link Cost#NONE} when not
 * measured).
 */
public record RunResult(int tasks, double tasksPerSecond, Percentiles latency, Cost cost) {

  public RunResult withCost(Cost measured) {
    return new RunResult(tasks, tasksPerSecond, latency, measured);
  }
}
