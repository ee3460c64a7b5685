package dev.baton.bench.limit;

import dev.baton.bench.process.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * What SQLite alone can do with the orchestrator's durability settings (WAL, synchronous=NORMAL,
 * one writer connection): per task one insert and three updates (queued, running, completed with
 * its result) on a table with the same columns and list indexes as Baton's {@code tasks}. Writes
 * are batched as Baton batches them: inserts 1,000 per transaction (a batch submission), updates
 * 200 per transaction (the event consumer's batch). No history, outbox or tags: that is the
 * orchestrator's logic, whose cost is what the ratio to this limit shows.
 */
public final class SqliteLimit {

  private static final int INSERT_BATCH = 1_000;
  private static final int UPDATE_BATCH = 200;

  private final Path workDir;

  public SqliteLimit(Path workDir) {
    this.workDir = workDir;
  }

  /** Stores and completes {@code tasks} tasks in a fresh file; returns tasks/s. */
  public double run(int tasks) throws Exception {
    Files.createDirectories(workDir);
    var file = workDir.resolve("limit-" + UUID.randomUUID() + ".db");
    var config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(30_000);
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())) {
      createSchema(db);
      var ids = new String[tasks];
      for (int i = 0; i < tasks; i++) {
        ids[i] = UUID.randomUUID().toString();
      }
      long start = System.nanoTime();
      insert(db, ids);
      update(
          db,
          ids,
          "UPDATE tasks SET status = 'QUEUED', queued_at = ?, updated_at = ?,"
              + " row_version = row_version + 1 WHERE id = ?");
      update(
          db,
          ids,
          "UPDATE tasks SET status = 'RUNNING', started_at = ?, updated_at = ?,"
              + " worker_id = 'w1', attempt = 1, row_version = row_version + 1 WHERE id = ?");
      update(
          db,
          ids,
          "UPDATE tasks SET status = 'COMPLETED', completed_at = ?, updated_at = ?,"
              + " result = '{\"n\":1}', row_version = row_version + 1 WHERE id = ?");
      return tasks / ((System.nanoTime() - start) / 1e9);
    } finally {
      for (var suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    }
  }

  private static void createSchema(Connection db) throws Exception {
    try (var s = db.createStatement()) {
      s.execute(
          "CREATE TABLE tasks (id VARCHAR(36) NOT NULL PRIMARY KEY, type VARCHAR(100) NOT NULL,"
              + " status VARCHAR(20) NOT NULL, priority INTEGER NOT NULL, input TEXT NOT NULL,"
              + " result TEXT, attempt INTEGER NOT NULL, tags TEXT, worker_id VARCHAR(200),"
              + " created_at BIGINT NOT NULL, queued_at BIGINT, started_at BIGINT,"
              + " completed_at BIGINT, updated_at BIGINT NOT NULL,"
              + " row_version BIGINT NOT NULL DEFAULT 0)");
      s.execute("CREATE INDEX ix_created ON tasks (created_at DESC, id DESC)");
      s.execute("CREATE INDEX ix_status_created ON tasks (status, created_at DESC, id DESC)");
      s.execute("CREATE INDEX ix_type_created ON tasks (type, created_at DESC, id DESC, status)");
    }
  }

  private static void insert(Connection db, String[] ids) throws Exception {
    db.setAutoCommit(false);
    try (var insert =
        db.prepareStatement(
            "INSERT INTO tasks (id, type, status, priority, input, attempt, tags, created_at,"
                + " updated_at) VALUES (?, 'echo', 'SUBMITTED', 5, ?, 0, '{\"bench\":\"limit\"}',"
                + " ?, ?)")) {
      for (int i = 0; i < ids.length; i++) {
        long now = System.currentTimeMillis();
        insert.setString(1, ids[i]);
        insert.setString(2, "{\"n\":" + i + ",\"sentAt\":" + now + "}");
        insert.setLong(3, now);
        insert.setLong(4, now);
        insert.addBatch();
        if ((i + 1) % INSERT_BATCH == 0 || i == ids.length - 1) {
          insert.executeBatch();
          db.commit();
        }
      }
    }
    db.setAutoCommit(true);
    Progress.say("  sqlite limit: %d tasks inserted", ids.length);
  }

  private static void update(Connection db, String[] ids, String sql) throws Exception {
    db.setAutoCommit(false);
    try (var update = db.prepareStatement(sql)) {
      for (int i = 0; i < ids.length; i++) {
        long now = System.currentTimeMillis();
        update.setLong(1, now);
        update.setLong(2, now);
        update.setString(3, ids[i]);
        update.addBatch();
        if ((i + 1) % UPDATE_BATCH == 0 || i == ids.length - 1) {
          update.executeBatch();
          db.commit();
        }
      }
    }
    db.setAutoCommit(true);
  }
}
