package dev.baton.orchestrator.dispatch;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Outbox rows taken by one relay when several orchestrators share a PostgreSQL database. A relay
 * takes due rows with {@code FOR UPDATE SKIP LOCKED} and leases them by moving their {@code
 * not_before} past the publish: the others skip them, and if the taker dies before deleting them,
 * they fall due again when the lease ends and a survivor publishes them. Releases of dispatches
 * held by a concurrency limit are taken under a transaction-scoped advisory lock per type, so two
 * relays never both fill the same free slots.
 *
 * <p>SQLite serves one orchestrator (one writer); there the relay reads rows directly.
 */
@Component
class OutboxLeases {

  private static final String CLAIM_DUE =
      "UPDATE outbox SET not_before = ? WHERE id IN (SELECT id FROM outbox WHERE held = false"
          + " AND not_before <= ? ORDER BY not_before, id LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " RETURNING id";
  private static final String LOCK_TYPE = "SELECT pg_advisory_xact_lock(hashtext(?))";
  private static final String CLAIM_HELD =
      "UPDATE outbox SET held = false, not_before = ? WHERE id IN (SELECT id FROM outbox WHERE"
          + " held = true AND target = ? AND not_before <= ? ORDER BY priority DESC, id LIMIT ?"
          + " FOR UPDATE SKIP LOCKED) RETURNING id";

  private final JdbcTemplate jdbc;
  private final boolean shared;

  OutboxLeases(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.shared = url.startsWith("jdbc:postgresql:");
  }

  /** Whether relays of several orchestrators may share the outbox (PostgreSQL). */
  boolean shared() {
    return shared;
  }

  /** Takes up to {@code limit} due, unheld rows until {@code leaseUntil}; their ids. */
  List<Long> claimDue(Instant now, Instant leaseUntil, int limit) {
    return jdbc.queryForList(
        CLAIM_DUE, Long.class, leaseUntil.toEpochMilli(), now.toEpochMilli(), limit);
  }

  /**
   * Within the caller's transaction: locks the type against other relays' releases until commit.
   */
  void lockType(String type) {
    jdbc.query(LOCK_TYPE, rs -> null, "baton-concurrency:" + type);
  }

  /**
   * Within the caller's transaction: un-holds and leases the best {@code limit} held rows that are
   * due (one the broker did not take waits for its next try).
   */
  List<Long> claimHeld(String type, int limit, Instant now, Instant leaseUntil) {
    return jdbc.queryForList(
        CLAIM_HELD, Long.class, leaseUntil.toEpochMilli(), type, now.toEpochMilli(), limit);
  }
}
