package dev.baton.orchestrator.task;

import java.util.UUID;

/** An event for one task, as a batch of them is applied ({@link TaskTransitions#applyAll}). */
public record TargetedEvent(UUID taskId, TaskEvent event) {}
