package dev.baton.testsupport;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The database integration tests run on: SQLite files by default, PostgreSQL when {@code
 * BATON_TEST_DATABASE=postgres} (system property or environment variable). Each call of {@link
 * #newDatabase} gives a fresh, empty database: a new SQLite file, or a new schema in the PostgreSQL
 * database of {@code BATON_TEST_POSTGRES_URL} (default the machine's {@code test} database).
 *
 * <p>When PostgreSQL is selected but does not answer, tests are skipped with the reason — or fail,
 * when {@code BATON_TEST_REQUIRE_POSTGRES=true} (CI sets it, so a stopped server cannot pass
 * quietly).
 */
public final class TestDatabase {

  static final String DATABASE = "BATON_TEST_DATABASE";
  static final String POSTGRES_URL = "BATON_TEST_POSTGRES_URL";
  static final String REQUIRE_POSTGRES = "BATON_TEST_REQUIRE_POSTGRES";
  static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private TestDatabase() {}

  /** Whether this run's tests use PostgreSQL. */
  public static boolean isPostgres() {
    return read(DATABASE).map(v -> v.toLowerCase(Locale.ROOT).startsWith("postgres")).orElse(false);
  }

  /** Whether a stopped PostgreSQL must fail the run instead of skipping its tests. */
  public static boolean postgresRequired() {
    return read(REQUIRE_POSTGRES).map(Boolean::parseBoolean).orElse(false);
  }

  /**
   * Why the selected database cannot be used, or empty when it can (SQLite always can).
   *
   * @throws IllegalStateException when PostgreSQL is required and does not answer
   */
  public static Optional<String> unavailableReason() {
    return isPostgres() ? postgresDown() : Optional.empty();
  }

  /** Why PostgreSQL cannot be used, or empty when it answers; throws when it is required. */
  private static Optional<String> postgresDown() {
    try (var c = DriverManager.getConnection(postgresUrl())) {
      return Optional.empty();
    } catch (SQLException e) {
      var reason =
          "PostgreSQL at "
              + postgresUrl()
              + " does not answer ("
              + e.getMessage()
              + "); start it (pg_ctlcluster … main start)";
      if (postgresRequired()) {
        throw new IllegalStateException(reason + " — required by " + REQUIRE_POSTGRES, e);
      }
      return Optional.of(reason);
    }
  }

  /**
   * A fresh, empty database's JDBC URL.
   *
   * @param name a label for the SQLite file or the schema
   */
  public static String newDatabase(String name) {
    if (!isPostgres()) {
      return TempSqlite.jdbcUrl(TempSqlite.newDatabaseFile(name));
    }
    return createSchema(name);
  }

  private static String createSchema(String name) {
    var schema =
        ("it_" + name.replaceAll("[^A-Za-z0-9]+", "_") + "_" + UUID.randomUUID())
            .replace('-', '_')
            .toLowerCase(Locale.ROOT);
    schema = schema.length() > 60 ? schema.substring(0, 60) : schema;
    try (var c = DriverManager.getConnection(postgresUrl());
        var s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create schema " + schema + ": " + e, e);
    }
    String drop = schema;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(drop)));
    var url = postgresUrl();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * A fresh PostgreSQL schema's JDBC URL whatever this run's database, for tests that move data
   * between the two; skips the test (or fails it, when required) if PostgreSQL does not answer.
   */
  public static String postgresSchemaOrSkip(String name) {
    postgresDown().ifPresent(org.junit.jupiter.api.Assumptions::abort);
    return createSchema(name);
  }

  private static void dropQuietly(String schema) {
    try (var c = DriverManager.getConnection(postgresUrl());
        var s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // The JVM is exiting; a leftover schema in the test database is not worth a stack trace.
    }
  }

  static String postgresUrl() {
    return read(POSTGRES_URL).orElse(DEFAULT_POSTGRES_URL);
  }

  private static Optional<String> read(String name) {
    return Optional.ofNullable(System.getProperty(name))
        .or(() -> Optional.ofNullable(System.getenv(name)))
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }
}
