package dev.baton.bench.growth;

/**
 * The orchestrator with {@code rows} tasks in its table: end-to-end tasks/s of a batch on top,
 * median latency of a status-filtered list page and of the stats, and its resident memory.
 */
public record GrowthPoint(
    int rows, double tasksPerSecond, double listMillis, double statsMillis, double residentMib) {}
