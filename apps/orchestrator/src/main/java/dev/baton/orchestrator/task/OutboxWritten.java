package dev.baton.orchestrator.task;

/**
 * Published (as a Spring application event) when a transaction wrote an outbox message; the relay
 * listens after commit, so a new task is dispatched at once rather than at the next poll.
 */
public record OutboxWritten() {}
