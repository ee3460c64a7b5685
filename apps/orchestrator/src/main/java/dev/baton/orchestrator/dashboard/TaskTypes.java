package dev.baton.orchestrator.dashboard;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The distinct task types in the tasks table, in name order, at most a bound. A plain {@code SELECT
 * DISTINCT} would read the whole type index (a million entries for a million tasks); this recursive
 * query seeks to the next type on {@code ix_tasks_type_created} instead, once per type (a "loose
 * index scan"), and stops at the bound. Portable: SQLite and PostgreSQL both run it.
 */
@Repository
class TaskTypes {

  static final String DISTINCT_TYPES =
      "WITH RECURSIVE types(type, n) AS ("
          + " SELECT MIN(type), 1 FROM tasks"
          + " UNION ALL"
          + " SELECT (SELECT MIN(t.type) FROM tasks t WHERE t.type > types.type), types.n + 1"
          + " FROM types WHERE types.type IS NOT NULL AND types.n < ?)"
          + " SELECT type FROM types WHERE type IS NOT NULL";

  private final JdbcTemplate jdbc;

  TaskTypes(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  @Transactional(readOnly = true)
  List<String> distinct(int limit) {
    return jdbc.queryForList(DISTINCT_TYPES, String.class, limit);
  }
}
