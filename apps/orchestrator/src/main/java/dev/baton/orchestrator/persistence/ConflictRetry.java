package dev.baton.orchestrator.persistence;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Runs a transaction again when it lost a race: another writer changed the same task first (an
 * optimistic-lock conflict on {@code row_version}) or the database chose it as a deadlock or
 * serialization victim. On SQLite's single writer this never happens; on PostgreSQL, with several
 * threads or instances applying events, sweeping and relaying at once, it is a normal outcome. The
 * retry reads the rows afresh, so the state machine decides again on the current state. A
 * unique-key violation is such a race too, between two inserts of the same row.
 */
public final class ConflictRetry {

  /** Enough for a hot task; a sixth loss in a row is a real problem worth an exception. */
  static final int ATTEMPTS = 6;

  private ConflictRetry() {}

  /**
   * Runs {@code transaction} (which must start and end its own transaction) until it does not lose
   * a race, at most {@link #ATTEMPTS} times.
   */
  public static <T> T run(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (ConcurrencyFailureException lostRace) {
        if (attempt >= ATTEMPTS) {
          throw lostRace;
        }
        pause(attempt);
      } catch (DataIntegrityViolationException e) {
        // Two writers inserting the same key (a worker's first heartbeats on two instances): the
        // retry finds the row the winner inserted and updates it instead.
        if (!isUniqueViolation(e) || attempt >= ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** The same, for a transaction without a result. */
  public static void run(Runnable transaction) {
    run(
        () -> {
          transaction.run();
          return null;
        });
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (var t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("23505".equals(sql.getSQLState())
              || String.valueOf(sql.getMessage()).contains("UNIQUE constraint failed"))) {
        return true;
      }
    }
    return false;
  }

  private static void pause(int attempt) {
    try {
      // Jitter keeps two losers from colliding again in lockstep.
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a transaction", e);
    }
  }
}
