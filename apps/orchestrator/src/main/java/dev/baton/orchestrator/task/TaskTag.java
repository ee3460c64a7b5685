package dev.baton.orchestrator.task;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * One tag of a task as a row of {@code task_tags} (keyed by task and tag key), with the task's
 * creation time so that the tag index lists tagged tasks newest first.
 */
@Embeddable
record TaskTag(
    @Column(name = "tag_value", nullable = false) String value,
    @Column(name = "created_at", nullable = false) Instant createdAt) {}
