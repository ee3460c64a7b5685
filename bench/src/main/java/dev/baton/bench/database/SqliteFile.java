package dev.baton.bench.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * An orchestrator's own SQLite file in the run's directory (created by the orchestrator on start,
 * kept after the run with the logs).
 */
public record SqliteFile(String name, Path file) implements Database {

  @Override
  public Map<String, String> orchestratorEnvironment() {
    return Map.of("BATON_DATABASE_URL", "jdbc:sqlite:" + file.toAbsolutePath());
  }

  @Override
  public Connection openForReading() throws SQLException {
    var config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(30_000);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  @Override
  public String sentAtColumn() {
    return "json_extract(t.input, '$.sentAt')";
  }

  @Override
  public void close() {}
}
