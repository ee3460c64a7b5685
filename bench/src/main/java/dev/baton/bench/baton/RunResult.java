package dev.baton.bench.baton;

import dev.baton.bench.report.Percentiles;

/**
 * One end-to-end run: tasks/s from the first submission to the last COMPLETED, latency, and the CPU
 * the scheduler used meanwhile, in % of one core (NaN when not measured).
 */
public record RunResult(int tasks, double tasksPerSecond, Percentiles latency, double cpuPercent) {

  public RunResult withCpu(double cpuSeconds, double wallSeconds) {
    return new RunResult(tasks, tasksPerSecond, latency, 100 * cpuSeconds / wallSeconds);
  }
}
