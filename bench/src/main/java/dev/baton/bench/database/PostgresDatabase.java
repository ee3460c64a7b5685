package dev.baton.bench.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * A PostgreSQL database the harness created for one phase ({@link PostgresServer#create}), shared
 * by the phase's orchestrators, dropped by {@link #close()} once they are stopped.
 *
 * @param name the phase's name
 * @param databaseName the database on the server, {@code bench_<run id>[_<phase>]}
 * @param url its JDBC URL, with the server URL's parameters (the user)
 */
public record PostgresDatabase(String name, String databaseName, String url, PostgresServer server)
    implements Database {

  /**
   * The URL alone, user (and password) as its parameters, as the orchestrator's integration tests
   * pass theirs; no {@code postgres} profile, whose defaults (user {@code baton}) are not wanted.
   */
  @Override
  public Map<String, String> orchestratorEnvironment() {
    return Map.of("BATON_DATABASE_URL", url);
  }

  @Override
  public Connection openForReading() throws SQLException {
    var connection = DriverManager.getConnection(url);
    connection.setReadOnly(true);
    return connection;
  }

  /** {@code tasks.input} is TEXT holding JSON (db/migration/postgresql/V1). */
  @Override
  public String sentAtColumn() {
    return "(t.input::jsonb ->> 'sentAt')::bigint";
  }

  @Override
  public void close() {
    server.drop(databaseName);
  }
}
