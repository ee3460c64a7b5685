package dev.baton.bench.database;

import dev.baton.bench.process.Progress;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL server the orchestrators use with {@code --database postgres}: reached through a
 * database that exists already ({@code --postgres-url}, default the {@code postgres} database as
 * user {@code postgres}, trust authentication, as the orchestrator's integration tests connect),
 * where the harness creates a fresh database per phase and drops it at the end. A shutdown hook
 * drops those left by a failure or Ctrl-C ({@code WITH (FORCE)}: orchestrators being killed may
 * still hold connections).
 */
public final class PostgresServer {

  public static final String DEFAULT_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private static final String PREFIX = "jdbc:postgresql://";

  private final String adminUrl;
  private final String version;
  private final Map<String, Thread> dropOnExit = new ConcurrentHashMap<>();

  private PostgresServer(String adminUrl, String version) {
    this.adminUrl = adminUrl;
    this.version = version;
  }

  /** Connects once, to fail early with what to do when the server does not answer. */
  public static PostgresServer connect(String adminUrl) {
    if (!adminUrl.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "--postgres-url must look like " + DEFAULT_URL + ", not " + adminUrl);
    }
    try (var db = DriverManager.getConnection(adminUrl);
        var rows = db.createStatement().executeQuery("SHOW server_version")) {
      rows.next();
      return new PostgresServer(adminUrl, rows.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at "
              + adminUrl
              + " does not answer ("
              + e.getMessage()
              + "); start it (pg_ctlcluster … main start) or pass --postgres-url",
          e);
    }
  }

  /** The server's version, e.g. {@code 15.20 (Debian 15.20-0+deb12u1)}. */
  public String version() {
    return version;
  }

  /** Host and port, for the report. */
  public String address() {
    var rest = adminUrl.substring(PREFIX.length());
    int end = rest.length();
    for (char c : new char[] {'/', '?'}) {
      int at = rest.indexOf(c);
      end = at < 0 ? end : Math.min(end, at);
    }
    return rest.substring(0, end);
  }

  /** Creates the empty database {@code databaseName} (lower case, letters, digits, _). */
  public PostgresDatabase create(String name, String databaseName) {
    if (!databaseName.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + databaseName);
    }
    execute("CREATE DATABASE " + databaseName);
    var hook = new Thread(() -> dropQuietly(databaseName), "bench-drop-" + databaseName);
    Runtime.getRuntime().addShutdownHook(hook);
    dropOnExit.put(databaseName, hook);
    Progress.say(
        "PostgreSQL %s at %s: created database %s for the %s orchestrator(s); dropped at the end",
        version, address(), databaseName, name);
    return new PostgresDatabase(name, databaseName, urlOf(databaseName), this);
  }

  /** Drops it (every orchestrator on it stopped). */
  void drop(String databaseName) {
    execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    var hook = dropOnExit.remove(databaseName);
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds nothing to drop
      }
    }
    Progress.say("PostgreSQL: dropped database %s", databaseName);
  }

  private void dropQuietly(String databaseName) {
    try {
      execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
    } catch (RuntimeException e) {
      System.err.println("could not drop database " + databaseName + " (drop it by hand): " + e);
    }
  }

  private void execute(String sql) {
    try (var db = DriverManager.getConnection(adminUrl);
        var statement = db.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + adminUrl + ": " + e.getMessage(), e);
    }
  }

  /** The admin URL with its database replaced: {@code jdbc:postgresql://host:port/name?params}. */
  private String urlOf(String databaseName) {
    int query = adminUrl.indexOf('?');
    var params = query < 0 ? "" : adminUrl.substring(query);
    return PREFIX + address() + "/" + databaseName + params;
  }
}
