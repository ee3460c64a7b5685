package dev.baton.bench.baton;

import dev.baton.bench.report.Percentiles;

/** One end-to-end run: tasks/s from the first submission to the last COMPLETED, and latency. */
public record RunResult(int tasks, double tasksPerSecond, Percentiles latency) {}
