package dev.baton.orchestrator.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Copies a Baton SQLite database into an empty PostgreSQL one: creates the schema with the same
 * Flyway history ({@code db/migration/common} and {@code postgresql}), then copies every table,
 * keeping ids, in batches. Stop the orchestrator first; the SQLite file is only read. Run from the
 * built jar:
 *
 * <pre>
 * java -cp apps/orchestrator/target/baton-orchestrator.jar \
 *   -Dloader.main=dev.baton.orchestrator.migrate.SqliteToPostgres \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   jdbc:sqlite:./data/baton.db 'jdbc:postgresql://localhost:5432/baton?user=baton&amp;password=…'
 * </pre>
 *
 * Exit code 0 when every table was copied and its row count checked, 1 with the reason otherwise.
 */
public final class SqliteToPostgres {

  /** Parents before children (task_tags refers to tasks); every table Flyway creates. */
  static final List<String> TABLES =
      List.of(
          "tasks",
          "task_tags",
          "task_history",
          "outbox",
          "workers",
          "task_definitions",
          "task_counts",
          "api_keys",
          "security_marks");

  /** Tables whose id is an identity column: PostgreSQL's sequence must continue after the copy. */
  private static final List<String> IDENTITY_TABLES = List.of("task_history", "outbox");

  private static final int BATCH = 1_000;

  private SqliteToPostgres() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SqliteToPostgres <jdbc:sqlite:…> <jdbc:postgresql:…>");
      System.exit(2);
    }
    try {
      var copied = copy(args[0], args[1], System.out::println);
      System.out.println("copied " + copied + "; start the orchestrator on PostgreSQL now");
    } catch (SQLException | RuntimeException e) {
      System.err.println("migration failed: " + e.getMessage());
      System.err.println(
          "Nothing was changed in the SQLite file. Drop the PostgreSQL schema's tables (or use an"
              + " empty database) before running it again.");
      System.exit(1);
    }
  }

  /**
   * Migrates the schema and copies the rows; returns the row count of each table.
   *
   * @throws IllegalStateException when the PostgreSQL database already holds tasks
   */
  public static Map<String, Long> copy(
      String sqliteUrl, String postgresUrl, java.util.function.Consumer<String> progress)
      throws SQLException {
    if (!sqliteUrl.startsWith("jdbc:sqlite:") || !postgresUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("from must be jdbc:sqlite:…, to jdbc:postgresql:…");
    }
    Flyway.configure()
        .dataSource(postgresUrl, null, null)
        .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
        .load()
        .migrate();
    var counts = new LinkedHashMap<String, Long>();
    try (var from = DriverManager.getConnection(sqliteUrl);
        var to = DriverManager.getConnection(postgresUrl)) {
      if (count(to, "tasks") > 0) {
        throw new IllegalStateException("the PostgreSQL database already holds tasks");
      }
      to.setAutoCommit(false);
      for (var table : TABLES) {
        long rows = copyTable(from, to, table);
        long there = count(to, table);
        if (there != rows) {
          throw new IllegalStateException(table + ": copied " + rows + " rows, found " + there);
        }
        counts.put(table, rows);
        progress.accept(table + ": " + rows + " rows");
      }
      for (var table : IDENTITY_TABLES) {
        try (var s = to.createStatement()) {
          s.execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + table
                  + "', 'id'), COALESCE((SELECT max(id) FROM "
                  + table
                  + "), 0) + 1, false)");
        }
      }
      to.commit();
    }
    return counts;
  }

  private static long copyTable(Connection from, Connection to, String table) throws SQLException {
    try (var read = from.createStatement();
        var rows = read.executeQuery("SELECT * FROM " + table)) {
      var meta = rows.getMetaData();
      var columns = new ArrayList<String>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i));
      }
      var insert =
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ") OVERRIDING SYSTEM VALUE VALUES ("
              + String.join(", ", columns.stream().map(c -> "?").toList())
              + ")";
      var booleans = booleanColumns(to, table);
      long copied = 0;
      try (var write = to.prepareStatement(insert)) {
        while (rows.next()) {
          for (int i = 1; i <= columns.size(); i++) {
            var value = rows.getObject(i);
            // SQLite stores booleans as 0/1 integers.
            if (value instanceof Number n && booleans.contains(columns.get(i - 1))) {
              value = n.intValue() != 0;
            }
            write.setObject(i, value);
          }
          write.addBatch();
          if (++copied % BATCH == 0) {
            write.executeBatch();
          }
        }
        write.executeBatch();
      }
      return copied;
    }
  }

  private static List<String> booleanColumns(Connection to, String table) throws SQLException {
    var out = new ArrayList<String>();
    try (var columns = to.getMetaData().getColumns(null, null, table, null)) {
      while (columns.next()) {
        if ("bool".equals(columns.getString("TYPE_NAME"))) {
          out.add(columns.getString("COLUMN_NAME"));
        }
      }
    }
    return out;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (var s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
