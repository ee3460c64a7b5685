package dev.baton.bench.sdk;

import dev.baton.bench.cost.Cost;

/**
 * The SDK benchmark's figures.
 *
 * @param tasks dispatches pre-loaded (and results received)
 * @param tasksPerSecond results after the first result message, per second, until the last result
 *     (or the broker's later confirmation that every dispatch was acked)
 * @param fromLaunchSeconds from launching the worker's JVM to the end, for context
 * @param resultMessages messages that carried results ({@code task.result} or {@code task.results})
 * @param otherMessages other events (status reports, heartbeats)
 * @param acks how the end was checked: "verified" (the broker showed the task queue empty with
 *     nothing unacked right after the last result), "late" (only at a later check, which then is
 *     the end) or "not verified" (no rabbitmqctl: the queue's ready count only)
 * @param cost CPU and broker messages from launching the worker to the end (the worker's CPU from
 *     the moment it said it started)
 */
public record SdkResult(
    int tasks,
    double tasksPerSecond,
    double fromLaunchSeconds,
    long resultMessages,
    long otherMessages,
    String acks,
    Cost cost) {}
