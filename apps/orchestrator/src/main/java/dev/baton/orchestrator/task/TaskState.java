package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;

/** What the state machine needs to know of a task. */
public record TaskState(TaskStatus status, int attempt, int maxRetries) {}
