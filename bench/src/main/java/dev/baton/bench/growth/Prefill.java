package dev.baton.bench.growth;

import dev.baton.bench.process.Progress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;

/**
 * Fills the orchestrator's SQLite file (schema by Flyway, orchestrator stopped) with finished tasks
 * as the orchestrator would have left them: a row in {@code tasks}, its tags in {@code task_tags},
 * and its history (created, queued, running, then completed, failed or cancelled). Statuses are
 * terminal only, so the orchestrator finds nothing to dispatch or sweep on start, but lists and
 * stats have a realistic mix (90% COMPLETED, 7% FAILED, 3% CANCELLED). Multi-row batches in
 * transactions of 5,000 tasks: a million tasks in about a minute instead of hours through the API.
 */
final class Prefill {

  private static final int PER_TRANSACTION = 5_000;

  private Prefill() {}

  /** Adds tasks until the table holds {@code target} rows; returns the rows added. */
  static int fillTo(Path database, int target) throws Exception {
    var config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.OFF); // a fixture, rebuilt if lost
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + database, config.toProperties())) {
      int existing;
      try (var rows = db.createStatement().executeQuery("SELECT count(*) FROM tasks")) {
        rows.next();
        existing = rows.getInt(1);
      }
      int toAdd = Math.max(0, target - existing);
      insert(db, existing, toAdd);
      return toAdd;
    }
  }

  /**
   * A task id as the orchestrator makes it: a UUID of version 7 stamped with the task's creation
   * (its {@code TimeOrderedUuids}), so the pre-filled keys and index entries sit as Baton's own do.
   */
  private static UUID timeOrderedId(long createdMillis, int n) {
    long random = ThreadLocalRandom.current().nextLong();
    return new UUID(
        (createdMillis << 16) | 0x7000L | (n & 0xFFF),
        (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  private static void insert(Connection db, int from, int count) throws Exception {
    db.setAutoCommit(false);
    long start = System.nanoTime();
    long lastReport = start;
    // Spread over the last 30 days, oldest first, as a real table grows.
    long now = System.currentTimeMillis();
    long spanMillis = 30L * 24 * 3600 * 1000;
    try (var task = db.prepareStatement(TASK_SQL);
        var tag = db.prepareStatement(TAG_SQL);
        var history = db.prepareStatement(HISTORY_SQL)) {
      for (int i = 0; i < count; i++) {
        int n = from + i;
        long created = now - spanMillis + (long) ((double) i / Math.max(1, count) * spanMillis);
        var id = timeOrderedId(created, n).toString();
        var status = n % 100 < 90 ? "COMPLETED" : n % 100 < 97 ? "FAILED" : "CANCELLED";
        addTask(task, id, n, status, created);
        var customer = "c" + (n % 100);
        addTag(tag, id, "customer", customer, created);
        addTag(tag, id, "source", "prefill", created);
        addHistory(history, id, null, null, "SUBMITTED", null, created);
        if (!status.equals("CANCELLED")) {
          addHistory(history, id, "DISPATCH_CONFIRMED", "SUBMITTED", "QUEUED", null, created + 3);
          addHistory(history, id, "WORKER_RUNNING", "QUEUED", "RUNNING", "w-prefill", created + 5);
          var trigger = status.equals("COMPLETED") ? "WORKER_COMPLETED" : "WORKER_FAILED";
          addHistory(history, id, trigger, "RUNNING", status, "w-prefill", created + 9);
        } else {
          addHistory(history, id, "CANCEL", "SUBMITTED", "CANCELLED", null, created + 1000);
        }
        if ((i + 1) % PER_TRANSACTION == 0 || i == count - 1) {
          task.executeBatch();
          tag.executeBatch();
          history.executeBatch();
          db.commit();
          if (System.nanoTime() - lastReport > 5e9) {
            Progress.say("  prefill: %d/%d tasks", i + 1, count);
            lastReport = System.nanoTime();
          }
        }
      }
    }
    // The orchestrator keeps counts by tenant and status (task_counts) in step with every change
    // it makes; rows written behind its back are counted the way its migration counts them.
    try (var counts = db.createStatement()) {
      counts.executeUpdate("DELETE FROM task_counts");
      counts.executeUpdate(
          "INSERT INTO task_counts (tenant_id, status, n)"
              + " SELECT tenant_id, status, COUNT(*) FROM tasks GROUP BY tenant_id, status");
    }
    db.commit();
    db.setAutoCommit(true);
    Progress.say("  prefill: %d tasks added in %.1f s", count, (System.nanoTime() - start) / 1e9);
  }

  private static final String TASK_SQL =
      "INSERT INTO tasks (id, tenant_id, type, status, priority, input, result, error_message,"
          + " error_type, error_retryable, attempt, max_retries, timeout_seconds, tags, worker_id,"
          + " created_at, queued_at, started_at, completed_at, updated_at, row_version)"
          + " VALUES (?, 'default', 'echo', ?, 5, ?, ?, ?, ?, ?, ?, 3, 300, ?, ?, ?, ?, ?, ?, ?, 3)";

  private static void addTask(PreparedStatement s, String id, int n, String status, long created)
      throws Exception {
    boolean ran = !status.equals("CANCELLED");
    s.setString(1, id);
    s.setString(2, status);
    s.setString(3, "{\"n\":" + n + ",\"text\":\"prefilled task " + n + "\"}");
    s.setString(4, status.equals("COMPLETED") ? "{\"n\":" + n + "}" : null);
    s.setString(5, status.equals("FAILED") ? "handler failed: simulated" : null);
    s.setString(6, status.equals("FAILED") ? "java.lang.IllegalStateException" : null);
    if (status.equals("FAILED")) {
      s.setBoolean(7, false);
    } else {
      s.setNull(7, java.sql.Types.BOOLEAN);
    }
    s.setInt(8, ran ? 1 : 0);
    s.setString(9, "{\"customer\":\"c" + (n % 100) + "\",\"source\":\"prefill\"}");
    s.setString(10, ran ? "w-prefill" : null);
    s.setLong(11, created);
    setOrNull(s, 12, ran ? created + 3 : null);
    setOrNull(s, 13, ran ? created + 5 : null);
    s.setLong(14, ran ? created + 9 : created + 1000);
    s.setLong(15, ran ? created + 9 : created + 1000);
    s.addBatch();
  }

  private static final String TAG_SQL =
      "INSERT INTO task_tags (task_id, tag_key, tag_value, created_at) VALUES (?, ?, ?, ?)";

  private static void addTag(PreparedStatement s, String id, String key, String value, long at)
      throws Exception {
    s.setString(1, id);
    s.setString(2, key);
    s.setString(3, value);
    s.setLong(4, at);
    s.addBatch();
  }

  private static final String HISTORY_SQL =
      "INSERT INTO task_history (task_id, attempt, trigger_name, from_status, to_status, outcome,"
          + " worker_id, at) VALUES (?, ?, ?, ?, ?, 'APPLIED', ?, ?)";

  private static void addHistory(
      PreparedStatement s,
      String id,
      String trigger,
      String from,
      String to,
      String worker,
      long at)
      throws Exception {
    s.setString(1, id);
    s.setInt(2, trigger == null || trigger.equals("CANCEL") ? 0 : 1);
    s.setString(3, trigger);
    s.setString(4, from);
    s.setString(5, to);
    s.setString(6, worker);
    s.setLong(7, at);
    s.addBatch();
  }

  private static void setOrNull(PreparedStatement s, int index, Long value) throws Exception {
    if (value == null) {
      s.setNull(index, java.sql.Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }
}
