package dev.baton.orchestrator.clock;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Reads the database server's clock and measures how far this instance's {@link Clock} is from it.
 * Only PostgreSQL has a clock of its own: SQLite runs inside this process, on this host's clock.
 */
@Component
class DatabaseClock {

  private final DataSource dataSource;
  private final Clock clock;

  DatabaseClock(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * This instance's clock minus the database's (positive: this instance is ahead), corrected for
   * the round trip; empty when the database has no clock apart from this host's.
   */
  Optional<Duration> skew() {
    try (var connection = dataSource.getConnection()) {
      if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
        return Optional.empty();
      }
      try (var statement = connection.prepareStatement("SELECT clock_timestamp()")) {
        var before = clock.instant();
        try (var rows = statement.executeQuery()) {
          var after = clock.instant();
          rows.next();
          var database = rows.getObject(1, OffsetDateTime.class).toInstant();
          var local = before.plus(Duration.between(before, after).dividedBy(2));
          return Optional.of(Duration.between(database, local));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the database's clock: " + e.getMessage(), e);
    }
  }

  Instant now() {
    return clock.instant();
  }
}
