package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The list and stats queries that {@link TaskListQuery} builds run on an index for every kind of
 * filter: never a scan of the tasks table, and (but for several statuses, where SQLite reads each
 * status' newest entries and merges them) no sort of the matching tasks. The plans are quoted in
 * docs/protocol.md.
 */
class TaskListQueryPlanIT extends OrchestratorIT {

  private static final TaskPosition AFTER =
      new TaskPosition(Instant.parse("2025-01-01T00:00:00Z"), UUID.randomUUID());
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Autowired DataSource dataSource;

  static Stream<Arguments> pages() {
    return Stream.of(
        page("newest first", filter(Set.of(), null, List.of(), null), null, "ix_tasks_created"),
        page("next page", filter(Set.of(), null, List.of(), null), AFTER, "ix_tasks_created"),
        page(
            "one status",
            filter(Set.of(TaskStatus.FAILED), null, List.of(), null),
            AFTER,
            "ix_tasks_status_created"),
        page(
            "several statuses",
            filter(Set.of(TaskStatus.FAILED, TaskStatus.CANCELLED), null, List.of(), null),
            AFTER,
            "ix_tasks_status_created"),
        page("type", filter(Set.of(), "sha256", List.of(), null), AFTER, "ix_tasks_type_created"),
        page("worker", filter(Set.of(), null, List.of(), "w-1"), AFTER, "ix_tasks_worker_created"),
        page(
            "one tag",
            filter(Set.of(), null, List.of(tag("team", "a")), null),
            AFTER,
            "ix_task_tags_tag_created"),
        page(
            "two tags and a status",
            filter(
                Set.of(TaskStatus.QUEUED), null, List.of(tag("team", "a"), tag("env", "p")), null),
            AFTER,
            "ix_task_tags_tag_created"),
        page(
            "created range",
            new TaskFilter(Set.of(), null, List.of(), null, T0, T0.plusSeconds(3600)),
            null,
            "ix_tasks_created"));
  }

  @ParameterizedTest(name = "page: {0}")
  @MethodSource("pages")
  void pageReadsAnIndexNewestFirst(
      String name, TaskFilter filter, TaskPosition after, String index) {
    var plan = plan(TaskListQuery.pageStatement(filter, after, 51));

    assertThat(plan)
        .as(name)
        .contains(index)
        .doesNotContainPattern("SCAN (t|tasks|g0)\\b(?! USING)");
    if (filter.statuses().size() <= 1) {
      assertThat(plan).as(name).doesNotContain("TEMP B-TREE");
    }
    System.out.printf("page, %s: %s%n", name, plan.replace('\n', '/'));
  }

  static Stream<Arguments> stats() {
    return Stream.of(
        Arguments.of("all", TaskFilter.ALL, "ix_tasks_status_created"),
        Arguments.of("type", filter(Set.of(), "sha256", List.of(), null), "ix_tasks_type_created"),
        Arguments.of("worker", filter(Set.of(), null, List.of(), "w-1"), "ix_tasks_worker_"),
        Arguments.of(
            "tag",
            filter(Set.of(), null, List.of(tag("team", "a")), null),
            "ix_task_tags_tag_created"));
  }

  @ParameterizedTest(name = "stats: {0}")
  @MethodSource("stats")
  void statsCountOnAnIndex(String name, TaskFilter filter, String index) {
    var plan = plan(TaskListQuery.statsStatement(filter));

    assertThat(plan).as(name).contains(index).doesNotContainPattern("SCAN (t|tasks)\\b(?! USING)");
    System.out.printf("stats, %s: %s%n", name, plan.replace('\n', '/'));
  }

  private String plan(TaskListQuery.Statement statement) {
    List<String> rows =
        new JdbcTemplate(dataSource)
            .query(
                "EXPLAIN QUERY PLAN " + statement.sql(),
                (rs, i) -> rs.getString("detail"),
                statement.args().toArray());
    return String.join("\n", rows);
  }

  private static Arguments page(String name, TaskFilter filter, TaskPosition after, String index) {
    return Arguments.of(name, filter, after, index);
  }

  private static TaskFilter filter(
      Set<TaskStatus> statuses, String type, List<TaskFilter.Tag> tags, String worker) {
    return new TaskFilter(statuses, type, tags, worker, null, null);
  }

  private static TaskFilter.Tag tag(String key, String value) {
    return new TaskFilter.Tag(key, value);
  }
}
