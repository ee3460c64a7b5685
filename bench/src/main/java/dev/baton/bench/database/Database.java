package dev.baton.bench.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Where the orchestrators of one phase keep their tasks: a fresh SQLite file, or a fresh PostgreSQL
 * database that several orchestrators may share. The harness tells the orchestrator where it is
 * (environment) and reads the run's timestamps from it after each run ({@code Completion}).
 */
public sealed interface Database extends AutoCloseable permits SqliteFile, PostgresDatabase {

  /** The phase's name ({@code baton}, {@code baton-defaults}, {@code growth}): its log names. */
  String name();

  /** Where the orchestrator finds it: {@code BATON_DATABASE_URL} (every other setting default). */
  Map<String, String> orchestratorEnvironment();

  /** A connection for the harness's read-only queries after a run. */
  Connection openForReading() throws SQLException;

  /** SQL for the producer's send time ({@code sentAt} of the task's JSON input), as a number. */
  String sentAtColumn();

  /** Drops a PostgreSQL database (the orchestrators are stopped); an SQLite file is kept. */
  @Override
  void close();
}
