package dev.baton.orchestrator.security;

import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Facts about security kept in the database ({@code security_marks}), so that they hold across
 * restarts and for every orchestrator sharing the database. The one fact today: an API key has
 * existed, after which Baton never runs open again — not when every issued key is revoked, not when
 * a configured key disappears from the configuration.
 */
@Component
class SecurityMarks {

  private static final String KEYS_EXISTED = "keys-existed";

  // Portable upsert: PostgreSQL and SQLite (3.24+) both take ON CONFLICT … DO NOTHING, so two
  // instances starting at once with the same configured key both succeed.
  private static final String RECORD =
      "INSERT INTO security_marks (name, recorded_at) VALUES (?, ?)"
          + " ON CONFLICT (name) DO NOTHING";

  private final JdbcTemplate jdbc;

  SecurityMarks(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Whether any key has ever existed here. */
  @Transactional(readOnly = true)
  public boolean keysExisted() {
    var found =
        jdbc.queryForObject(
            "SELECT count(*) FROM security_marks WHERE name = ?", Integer.class, KEYS_EXISTED);
    return found != null && found > 0;
  }

  /** Records that a key exists (in the caller's transaction, if any); idempotent. */
  @Transactional
  public void recordKeysExisted(Instant at) {
    jdbc.update(RECORD, KEYS_EXISTED, at.toEpochMilli());
  }
}
