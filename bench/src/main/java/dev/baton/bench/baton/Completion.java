package dev.baton.bench.baton;

import dev.baton.bench.cost.Cost;
import dev.baton.bench.database.Database;
import dev.baton.bench.process.Http;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Progress;
import dev.baton.bench.report.Percentiles;
import java.util.ArrayList;

/**
 * Waits for a run's tasks through the API ({@code /api/v1/tasks/stats?tag=…}, as a user would),
 * then reads their timestamps straight from the orchestrator's database (its SQLite file, or the
 * PostgreSQL database of the phase): one read-only query after the run instead of a request per
 * task, so measuring does not load the orchestrator. {@code completed_at} is epoch milliseconds in
 * both (BIGINT), the send time a number in the JSON input (TEXT in both).
 */
final class Completion {

  private final Http http;
  private final Database database;

  Completion(Http http, Database database) {
    this.http = http;
    this.database = database;
  }

  /** Blocks until {@code tasks} tasks tagged {@code label} are terminal. */
  void await(String label, int tasks) {
    awaitCount(label, tasks, null);
  }

  /** Blocks until {@code tasks} tasks tagged {@code label} are {@code QUEUED} (workers stopped). */
  void awaitQueued(String label, int tasks) {
    awaitCount(label, tasks, "QUEUED");
  }

  /** Until {@code tasks} are in {@code status}, or terminal when it is null. */
  private void awaitCount(String label, int tasks, String status) {
    long start = System.nanoTime();
    long lastReport = start;
    long limitNanos = (long) ((180 + tasks / 20.0) * 1e9);
    while (true) {
      var stats = http.get("/api/v1/tasks/stats?tag=" + TaskBodies.TAG_KEY + ":" + label).json();
      var byStatus = stats.get("byStatus");
      long completed = count(byStatus, "COMPLETED");
      long terminal = completed + count(byStatus, "FAILED") + count(byStatus, "CANCELLED");
      if (status != null) {
        if (count(byStatus, status) >= tasks) {
          return;
        }
        if (terminal > 0) {
          throw new IllegalStateException(
              label + ": tasks ended while waiting for " + status + " (is a worker consuming?)");
        }
      } else if (terminal >= tasks) {
        if (completed < tasks) {
          Progress.say("  warning: only %d of %d tasks COMPLETED: %s", completed, tasks, byStatus);
        }
        return;
      }
      long now = System.nanoTime();
      if (now - lastReport > 5e9) {
        Progress.say(
            "  %s: %d/%d %s after %.0f s",
            label,
            status == null ? completed : count(byStatus, status),
            tasks,
            status == null ? "completed" : status,
            (now - start) / 1e9);
        lastReport = now;
      }
      if (now - start > limitNanos) {
        throw new IllegalStateException(label + ": not done in time, stats " + stats);
      }
      // Once a second: a tag-filtered /stats counts the run's tasks, and polled every 200 ms it
      // took 13% of the orchestrator's profile in a full run. Throughput and latency come from the
      // tasks' own timestamps, so polling less often changes no figure.
      Pause.millis(1_000);
    }
  }

  private static long count(tools.jackson.databind.JsonNode byStatus, String status) {
    return byStatus == null || byStatus.get(status) == null ? 0 : byStatus.get(status).asLong();
  }

  /** Throughput from {@code firstSentMillis} to the last completion, and per-task latency. */
  RunResult result(String label, int tasks, long firstSentMillis) throws Exception {
    var latencies = new ArrayList<Long>(tasks);
    var accepted = new ArrayList<Long>(tasks);
    var dispatched = new ArrayList<Long>(tasks);
    var reported = new ArrayList<Long>(tasks);
    long lastCompleted = 0;
    try (var db = database.openForReading();
        var query =
            db.prepareStatement(
                "SELECT t.completed_at, "
                    + database.sentAtColumn()
                    + ", t.created_at, t.started_at"
                    + " FROM task_tags g"
                    + " JOIN tasks t ON t.id = g.task_id"
                    + " WHERE g.tag_key = ? AND g.tag_value = ? AND t.status = 'COMPLETED'")) {
      query.setString(1, TaskBodies.TAG_KEY);
      query.setString(2, label);
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          long completed = rows.getLong(1);
          long sent = rows.getLong(2);
          long created = rows.getLong(3);
          latencies.add(completed - sent);
          accepted.add(created - sent);
          long started = rows.getLong(4);
          if (!rows.wasNull()) {
            dispatched.add(started - created);
            reported.add(completed - started);
          }
          lastCompleted = Math.max(lastCompleted, completed);
        }
      }
    }
    double seconds = Math.max(1, lastCompleted - firstSentMillis) / 1000.0;
    var stages =
        new LatencyStages(percentiles(accepted), percentiles(dispatched), percentiles(reported));
    return new RunResult(
        tasks, latencies.size() / seconds, percentiles(latencies), stages, Cost.NONE);
  }

  private static Percentiles percentiles(ArrayList<Long> millis) {
    return Percentiles.of(millis.stream().mapToLong(Long::longValue).toArray());
  }
}
