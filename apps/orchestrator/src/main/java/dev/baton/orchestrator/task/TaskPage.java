package dev.baton.orchestrator.task;

import java.util.List;

/**
 * One page of a list, newest first.
 *
 * @param tasks the page
 * @param next the position of the page's last task when more tasks follow, else null
 */
public record TaskPage(List<Task> tasks, TaskPosition next) {}
