package dev.baton.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The dashboard's two read models: throughput per minute and queue depths per task type. */
class DashboardApiIT extends OrchestratorIT {

  @Autowired DataSource dataSource;
  @Autowired Clock clock;

  @Test
  void throughputCountsSubmissionsAndEndedAttemptsInTheirMinutes() {
    var jdbc = new JdbcTemplate(dataSource);
    // Tasks of a minute 1000 minutes ago: no other test creates tasks then.
    long minute = (clock.millis() / 60_000 - 1000) * 60_000;
    insertTask(jdbc, minute + 1_000);
    insertTask(jdbc, minute + 59_999);
    insertTask(jdbc, minute + 60_000);
    insertHistory(jdbc, minute + 5_000, "COMPLETED", "APPLIED");
    insertHistory(jdbc, minute + 6_000, "COMPLETED", "IGNORED");
    insertHistory(jdbc, minute + 7_000, "RUNNING", "APPLIED");
    insertHistory(jdbc, minute + 61_000, "FAILED", "APPLIED");
    insertHistory(jdbc, minute + 62_000, "FAILED", "APPLIED");

    var minutes = getJson("/api/v1/stats/throughput?minutes=1440").get("minutes");

    assertThat(minutes.size()).isEqualTo(1440);
    assertThat(bucket(minutes, minute)).isEqualTo("2/1/0");
    assertThat(bucket(minutes, minute + 60_000)).isEqualTo("1/0/2");
    var last = Instant.parse(minutes.get(1439).get("at").asString()).toEpochMilli();
    assertThat(last).isBetween(clock.millis() - 60_000, clock.millis());
  }

  @Test
  void throughputRefusesMinutesOutsideOneToADay() {
    assertThat(get("/api/v1/stats/throughput?minutes=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/stats/throughput?minutes=1441").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/stats/throughput").statusCode()).isEqualTo(200);
  }

  @Test
  void throughputAndTypeQueriesReadTheirIndexesOnly() {
    Assumptions.assumeFalse(TestDatabase.isPostgres(), "SQLite query plans");
    var jdbc = new JdbcTemplate(dataSource);
    assertThat(plan(jdbc, ThroughputQuery.SUBMITTED, 0L, 1L))
        .contains("COVERING INDEX ix_tasks_created");
    assertThat(plan(jdbc, ThroughputQuery.ENDED, 0L, 1L))
        .contains("COVERING INDEX ix_task_history_ended");
    assertThat(plan(jdbc, TaskTypes.DISTINCT_TYPES, 200))
        .contains("COVERING INDEX ix_tasks_type_created")
        .doesNotContain("SCAN tasks", "SCAN t ");
  }

  @Test
  void queuesShowMessagesWaitingForATypeWithoutWorkers() {
    var type = "dash-depth-" + UUID.randomUUID();
    var ids = new ArrayList<UUID>();
    try {
      for (int i = 0; i < 3; i++) {
        ids.add(submit("{\"type\":\"" + type + "\"}"));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                var queue = queue(type);
                assertThat(queue.get("queue").asString()).isEqualTo(topology.taskQueue(type));
                assertThat(queue.get("brokerAvailable").asBoolean()).isTrue();
                assertThat(queue.get("declared").asBoolean()).isTrue();
                assertThat(queue.get("messages").asLong()).isEqualTo(3);
                assertThat(queue.get("consumers").asInt()).isZero();
              });
    } finally {
      // Cancelled first: the orchestrator would dispatch QUEUED tasks of a vanished queue again.
      ids.forEach(id -> post("/api/v1/tasks/" + id + "/cancel", ""));
      deleteQueue(type);
    }
  }

  @Test
  void queuesListRegisteredTypesWhoseQueueDoesNotExistYet() {
    var type = "dash-undeclared-" + UUID.randomUUID();
    assertThat(
            post("/api/v1/definitions", "{\"type\":\"" + type + "\",\"version\":\"1.0.0\"}")
                .statusCode())
        .isEqualTo(201);

    var queue = queue(type);
    assertThat(queue.get("declared").asBoolean()).isFalse();
    assertThat(queue.get("messages").asLong()).isZero();
  }

  private JsonNode queue(String type) {
    for (var q : getJson("/api/v1/queues")) {
      if (q.get("type").asString().equals(type)) {
        return q;
      }
    }
    throw new AssertionError("no queue of " + type + " in /api/v1/queues");
  }

  private static String bucket(JsonNode minutes, long at) {
    for (var m : minutes) {
      if (Instant.parse(m.get("at").asString()).toEpochMilli() == at) {
        return m.get("submitted").asLong()
            + "/"
            + m.get("completed").asLong()
            + "/"
            + m.get("failed").asLong();
      }
    }
    throw new AssertionError("no bucket at " + Instant.ofEpochMilli(at));
  }

  private static void insertTask(JdbcTemplate jdbc, long createdAt) {
    jdbc.update(
        "INSERT INTO tasks (id, type, status, priority, input, attempt, max_retries,"
            + " timeout_seconds, created_at, updated_at)"
            + " VALUES (?, 'dash-old', 'COMPLETED', 5, '{}', 1, 0, 300, ?, ?)",
        UUID.randomUUID().toString(),
        createdAt,
        createdAt);
  }

  private static void insertHistory(JdbcTemplate jdbc, long at, String to, String outcome) {
    jdbc.update(
        "INSERT INTO task_history (task_id, attempt, to_status, outcome, at)"
            + " VALUES (?, 1, ?, ?, ?)",
        UUID.randomUUID().toString(),
        to,
        outcome,
        at);
  }

  private static String plan(JdbcTemplate jdbc, String sql, Object... args) {
    return String.join(
        "\n", jdbc.query("EXPLAIN QUERY PLAN " + sql, (rs, i) -> rs.getString("detail"), args));
  }

  private void deleteQueue(String type) {
    try (var connection = TestBroker.connectionFactory().newConnection();
        var channel = connection.createChannel()) {
      channel.queueDelete(topology.taskQueue(type));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
