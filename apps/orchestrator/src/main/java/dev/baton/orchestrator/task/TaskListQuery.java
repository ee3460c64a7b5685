package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The one place where list and stats queries are built from a {@link TaskFilter}: the SQL text is
 * made of constants only, every value is a parameter. The plans (checked by {@code
 * TaskListQueryPlanIT}):
 *
 * <ul>
 *   <li>With tag filters, the first tag drives: its index {@code ix_task_tags_tag_created} is read
 *       newest first, further tags are checked on {@code task_tags}' primary key and the other
 *       filters on the task row, until a page is full. So a page costs at most the tasks carrying
 *       the first tag (put the most selective tag first).
 *   <li>Without, SQLite picks among the newest-first indexes of status, type, worker and
 *       created_at; a page reads about {@code limit} index entries per status asked for.
 * </ul>
 *
 * Pages are keyset pages: they continue after a {@link TaskPosition} (an index range, not an
 * offset), so page 1,000 costs what page 1 does, and tasks created meanwhile do not shift them.
 */
@Repository
class TaskListQuery {

  private final JdbcTemplate jdbc;

  TaskListQuery(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** The positions of at most {@code limit} tasks after {@code after} (null: from the newest). */
  List<TaskPosition> positions(TaskFilter filter, TaskPosition after, int limit) {
    var statement = pageStatement(filter, after, limit);
    return jdbc.query(
        statement.sql(),
        (rs, i) ->
            new TaskPosition(Instant.ofEpochMilli(rs.getLong(2)), UUID.fromString(rs.getString(1))),
        statement.args().toArray());
  }

  /** Task counts by status; only the statuses that have tasks. */
  List<Object[]> countByStatus(TaskFilter filter) {
    var statement = statsStatement(filter);
    return jdbc.query(
        statement.sql(),
        (rs, i) -> new Object[] {TaskStatus.valueOf(rs.getString(1)), rs.getLong(2)},
        statement.args().toArray());
  }

  static Statement pageStatement(TaskFilter filter, TaskPosition after, int limit) {
    var q = new Builder(filter, needsTaskRow(filter));
    if (after != null) {
      // "(created, id) < (?, ?)", written so that created_at bounds the index range.
      q.where(q.created + " <= ?", after.createdAt().toEpochMilli());
      q.where(
          "(" + q.created + " < ? OR " + q.id + " < ?)",
          after.createdAt().toEpochMilli(),
          after.id().toString());
    }
    q.args.add(limit);
    return q.build(
        "SELECT " + q.id + ", " + q.created,
        " ORDER BY " + q.created + " DESC, " + q.id + " DESC LIMIT ?");
  }

  static Statement statsStatement(TaskFilter filter) {
    var q = new Builder(filter, true);
    return q.build("SELECT t.status, COUNT(*)", " GROUP BY t.status");
  }

  /** Whether a filter looks at columns of {@code tasks} (with tags only, task_tags suffices). */
  private static boolean needsTaskRow(TaskFilter f) {
    return !f.statuses().isEmpty()
        || f.type() != null
        || f.workerId() != null
        || f.tenantId() != null;
  }

  /**
   * Milliseconds of the first stored instant at or after {@code instant} (instants are stored in
   * milliseconds): {@code created >= t} and {@code created < t} hold for the stored value exactly
   * when they hold against this bound.
   */
  static long ceilMillis(Instant instant) {
    long millis = instant.toEpochMilli();
    return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }

  /** SQL text and its parameters, in order. */
  record Statement(String sql, List<Object> args) {}

  private static final class Builder {
    private final String from;
    private final String created;
    private final String id;
    private final List<String> where = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    Builder(TaskFilter f, boolean taskRow) {
      if (f.tags().isEmpty()) {
        from = "tasks t";
        created = "t.created_at";
        id = "t.id";
      } else {
        // CROSS JOIN keeps SQLite from reordering the join: the tag index drives.
        from = taskRow ? "task_tags g0 CROSS JOIN tasks t" : "task_tags g0";
        created = "g0.created_at";
        id = "g0.task_id";
        if (taskRow) {
          where("t.id = g0.task_id");
        }
        var first = f.tags().get(0);
        where("g0.tag_key = ?", first.key());
        where("g0.tag_value = ?", first.value());
        for (var tag : f.tags().subList(1, f.tags().size())) {
          where(
              "EXISTS (SELECT 1 FROM task_tags g WHERE g.task_id = "
                  + id
                  + " AND g.tag_key = ? AND g.tag_value = ?)",
              tag.key(),
              tag.value());
        }
      }
      if (f.tenantId() != null) {
        where("t.tenant_id = ?", f.tenantId());
      }
      if (!f.statuses().isEmpty()) {
        where(
            "t.status IN ("
                + String.join(", ", Collections.nCopies(f.statuses().size(), "?"))
                + ")",
            f.statuses().stream().map(Enum::name).toArray());
      }
      if (f.type() != null) {
        where("t.type = ?", f.type());
      }
      if (f.workerId() != null) {
        where("t.worker_id = ?", f.workerId());
      }
      if (f.createdFrom() != null) {
        where(created + " >= ?", ceilMillis(f.createdFrom()));
      }
      if (f.createdBefore() != null) {
        where(created + " < ?", ceilMillis(f.createdBefore()));
      }
    }

    void where(String condition, Object... values) {
      where.add(condition);
      Collections.addAll(args, values);
    }

    Statement build(String select, String tail) {
      var sql = new StringBuilder(select).append(" FROM ").append(from);
      if (!where.isEmpty()) {
        sql.append(" WHERE ").append(String.join(" AND ", where));
      }
      return new Statement(sql.append(tail).toString(), List.copyOf(args));
    }
  }
}
