package dev.baton.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Fresh SQLite database files for tests, one temporary directory each, so that SQLite's side files
 * ({@code -wal}, {@code -shm}, {@code -journal}) stay apart too. The directories are deleted when
 * the JVM exits.
 */
public final class TempSqlite {

  private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> CREATED.forEach(TempSqlite::deleteQuietly), "baton-temp-sqlite-clean"));
  }

  private TempSqlite() {}

  /**
   * Creates a new empty temporary directory and returns the path of a database file inside it that
   * does not exist yet, e.g. {@code /tmp/baton-sqlite-123/orders.db}.
   *
   * @param name the file's base name; characters unsafe in file names become {@code -}
   */
  public static Path newDatabaseFile(String name) {
    var base = name == null ? "" : name.replaceAll("(?i)\\.db$", "");
    // No separators, no leading dots: the file must land in the fresh directory, visibly.
    base = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    if (base.isEmpty()) {
      base = "test";
    }
    try {
      var dir = Files.createTempDirectory("baton-sqlite-");
      CREATED.add(dir);
      return dir.resolve(base + ".db");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary directory for SQLite", e);
    }
  }

  /** The SQLite JDBC URL of {@code databaseFile}, e.g. {@code jdbc:sqlite:/tmp/.../orders.db}. */
  public static String jdbcUrl(Path databaseFile) {
    return "jdbc:sqlite:" + databaseFile.toAbsolutePath();
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // The JVM is exiting; a leftover file in the temp directory is not worth a stack trace.
    }
  }
}
