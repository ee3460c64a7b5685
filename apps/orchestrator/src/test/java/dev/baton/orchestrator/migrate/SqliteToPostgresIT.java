package dev.baton.orchestrator.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestDatabase;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The documented migration from one SQLite node to PostgreSQL: a snapshot of a live orchestrator's
 * SQLite database, copied by {@link SqliteToPostgres} into a fresh schema, holds every row, and
 * PostgreSQL's id sequences continue after the copied ids.
 */
class SqliteToPostgresIT extends OrchestratorIT {

  @Test
  void everyRowOfALiveDatabaseArrivesInPostgres() throws Exception {
    Assumptions.assumeFalse(TestDatabase.isPostgres(), "copies this run's SQLite database");
    var target = TestDatabase.postgresSchemaOrSkip("sqlite-copy");
    var worker = startWorker(2);
    try {
      var ids = new ArrayList<String>();
      for (int i = 0; i < 20; i++) {
        ids.add(
            submit("{\"type\":\"echo\",\"input\":{\"n\":" + i + "},\"tags\":{\"copy\":\"yes\"}}")
                .toString());
      }
      ids.forEach(
          id ->
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> status(java.util.UUID.fromString(id)).equals("COMPLETED")));
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
    post("/api/v1/definitions", "{\"type\":\"copied\",\"version\":\"1.0.0\"}");
    // A consistent snapshot of the live file, as a backup tool would take it.
    var snapshot = Files.createTempDirectory("baton-copy").resolve("snapshot.db");
    try (var c = DriverManager.getConnection(DATABASE_URL);
        var s = c.createStatement()) {
      s.execute("VACUUM INTO '" + snapshot + "'");
    }

    var counts = SqliteToPostgres.copy("jdbc:sqlite:" + snapshot, target, line -> {});

    for (var table : SqliteToPostgres.TABLES) {
      assertThat(counts.get(table))
          .as(table)
          .isEqualTo(count("jdbc:sqlite:" + snapshot, table))
          .isEqualTo(count(target, table));
    }
    assertThat(counts.get("tasks")).isGreaterThanOrEqualTo(20);
    assertThat(counts.get("task_tags")).isGreaterThanOrEqualTo(20);
    try (var c = DriverManager.getConnection(target);
        var s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT nextval(pg_get_serial_sequence('task_history', 'id')) >"
                    + " (SELECT max(id) FROM task_history)")) {
      r.next();
      assertThat(r.getBoolean(1)).as("the history id sequence continues").isTrue();
    }
  }

  private static long count(String url, String table) throws SQLException {
    try (var c = DriverManager.getConnection(url);
        var s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
