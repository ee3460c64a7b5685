package dev.baton.orchestrator.persistence;

import dev.baton.orchestrator.support.FixedDelayLoop;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log into the database file on a thread of its own: a passive
 * checkpoint every {@code baton.sqlite.checkpoint-interval}, on a connection of its own.
 *
 * <p>Why: by default the connection whose commit fills the log past 1,000 pages runs the checkpoint
 * inside that commit — on Baton's single writer, which every submission, confirm and result waits
 * for. A profile of the hot path found more than half of SQLite's time in commits. A passive
 * checkpoint runs beside the writer (WAL lets it), never waits for readers or writers, and copies
 * what it can; the writer keeps an auto-checkpoint only at {@code
 * baton.sqlite.writer-checkpoint-pages}, a bound on the log should this thread fall behind.
 */
public class WalCheckpointer extends FixedDelayLoop {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

  private final String url;
  private final Properties pragmas;
  private final AtomicLong checkpointedPages = new AtomicLong();
  private Connection connection;
  private boolean warned;

  WalCheckpointer(String url, Properties pragmas, Duration interval) {
    super("baton-sqlite-checkpoint", interval);
    this.url = url;
    this.pragmas = pragmas;
  }

  @Override
  protected void runOnce() {
    try {
      if (connection == null) {
        connection = DriverManager.getConnection(url, pragmas);
      }
      try (var statement = connection.createStatement();
          var result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        if (result.next()) {
          checkpointedPages.addAndGet(result.getLong(3));
        }
      }
      warned = false;
    } catch (SQLException | RuntimeException e) {
      // The writer's own auto-checkpoint still bounds the log; say so once per run of failures.
      if (!warned) {
        log.warn(
            "Background SQLite checkpoint failed ({}); the writer checkpoints the log itself"
                + " until it works again",
            e.toString());
        warned = true;
      }
      closeConnection();
    }
  }

  /** Pages copied into the database file by this thread since the start (for tests). */
  long checkpointedPages() {
    return checkpointedPages.get();
  }

  @Override
  public void stop() {
    super.stop();
    closeConnection();
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a broken connection: nothing left to do with it.
      }
      connection = null;
    }
  }
}
