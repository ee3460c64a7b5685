package dev.baton.orchestrator.task;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a task stands in the newest-first order of lists: by {@code createdAt} (milliseconds), then
 * by id (as text) for tasks created in the same millisecond. A page starts after a position.
 */
public record TaskPosition(Instant createdAt, UUID id) {}
