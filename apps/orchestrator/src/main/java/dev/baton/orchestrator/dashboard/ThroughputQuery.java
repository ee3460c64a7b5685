package dev.baton.orchestrator.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Tasks submitted, completed and failed per minute over the last minutes. Portable SQL (SQLite and
 * PostgreSQL): instants are epoch millis, so a minute is an integer division, and both statements
 * are range scans of an index on their timestamp: submissions on {@code ix_tasks_created}, ends on
 * {@code ix_task_history_ended} (V6), which holds only the applied transitions into COMPLETED or
 * FAILED. Ends are counted from the history rather than {@code tasks.completed_at}, which an admin
 * retry clears: a failure stays counted in the minute it happened.
 */
@Repository
class ThroughputQuery {

  static final long MINUTE = 60_000;

  static final String SUBMITTED =
      "SELECT created_at / 60000, COUNT(*) FROM tasks"
          + " WHERE created_at >= ? AND created_at < ? GROUP BY created_at / 60000";

  // The outcome and to_status terms repeat the partial index's WHERE, so the planner may use it.
  static final String ENDED =
      "SELECT at / 60000, to_status, COUNT(*) FROM task_history"
          + " WHERE outcome = 'APPLIED' AND to_status IN ('COMPLETED', 'FAILED')"
          + " AND at >= ? AND at < ? GROUP BY at / 60000, to_status";

  static final String SUBMITTED_IN_TENANT =
      "SELECT created_at / 60000, COUNT(*) FROM tasks"
          + " WHERE tenant_id = ? AND created_at >= ? AND created_at < ?"
          + " GROUP BY created_at / 60000";

  static final String ENDED_IN_TENANT =
      "SELECT h.at / 60000, h.to_status, COUNT(*) FROM task_history h"
          + " JOIN tasks t ON t.id = h.task_id"
          + " WHERE h.outcome = 'APPLIED' AND h.to_status IN ('COMPLETED', 'FAILED')"
          + " AND h.at >= ? AND h.at < ? AND t.tenant_id = ? GROUP BY h.at / 60000, h.to_status";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  ThroughputQuery(DataSource dataSource, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
  }

  /** The last {@code minutes} whole minutes up to and including the current one, oldest first. */
  List<Throughput.Minute> lastMinutes(int minutes, String tenant) {
    long end = (clock.millis() / MINUTE + 1) * MINUTE;
    long start = end - minutes * MINUTE;
    var counts = new long[minutes][3];
    org.springframework.jdbc.core.RowCallbackHandler submitted =
        rs -> counts[index(rs.getLong(1), start)][0] += rs.getLong(2);
    org.springframework.jdbc.core.RowCallbackHandler ended =
        rs -> {
          int column = "COMPLETED".equals(rs.getString(2)) ? 1 : 2;
          counts[index(rs.getLong(1), start)][column] += rs.getLong(3);
        };
    if (tenant == null) {
      jdbc.query(SUBMITTED, submitted, start, end);
      jdbc.query(ENDED, ended, start, end);
    } else {
      jdbc.query(SUBMITTED_IN_TENANT, submitted, tenant, start, end);
      jdbc.query(ENDED_IN_TENANT, ended, start, end, tenant);
    }
    var result = new ArrayList<Throughput.Minute>(minutes);
    for (int i = 0; i < minutes; i++) {
      result.add(
          new Throughput.Minute(
              Instant.ofEpochMilli(start + i * MINUTE), counts[i][0], counts[i][1], counts[i][2]));
    }
    return result;
  }

  private static int index(long minute, long start) {
    return (int) (minute - start / MINUTE);
  }
}
