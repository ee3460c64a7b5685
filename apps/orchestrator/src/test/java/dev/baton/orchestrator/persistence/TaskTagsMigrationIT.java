package dev.baton.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testsupport.TempSqlite;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** V3 back-fills task_tags from the tags of the tasks that exist when it runs. */
class TaskTagsMigrationIT {

  @Test
  void existingTasksTagsBecomeRowsOfTaskTags() {
    var url = TempSqlite.jdbcUrl(TempSqlite.newDatabaseFile("v3-backfill"));
    var dataSource = new SingleConnectionDataSource(url, true);
    var jdbc = new JdbcTemplate(dataSource);
    flyway(dataSource, "2").migrate();
    insertTask(jdbc, "a", "{\"env\":\"prod\",\"team\":\"search\"}", 1000);
    insertTask(jdbc, "b", null, 2000);
    insertTask(jdbc, "c", "{\"url\":\"http://x/?a=b:c\"}", 3000);

    flyway(dataSource, null).migrate();

    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT task_id, tag_key, tag_value, created_at FROM task_tags ORDER BY task_id, tag_key");
    assertThat(rows)
        .extracting(r -> r.get("task_id") + " " + r.get("tag_key") + "=" + r.get("tag_value"))
        .containsExactly("a env=prod", "a team=search", "c url=http://x/?a=b:c");
    assertThat(rows)
        .extracting(r -> ((Number) r.get("created_at")).longValue())
        .containsExactly(1000L, 1000L, 3000L);
    dataSource.destroy();
  }

  private static Flyway flyway(SingleConnectionDataSource dataSource, String target) {
    var config =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/sqlite");
    if (target != null) {
      config.target(target);
    }
    return config.load();
  }

  private static void insertTask(JdbcTemplate jdbc, String id, String tags, long createdAt) {
    jdbc.update(
        "INSERT INTO tasks (id, type, status, priority, input, attempt, max_retries,"
            + " timeout_seconds, tags, created_at, updated_at) VALUES (?, 't', 'COMPLETED', 5,"
            + " '{}', 1, 3, 300, ?, ?, ?)",
        id,
        tags,
        createdAt,
        createdAt);
  }
}
