package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The kept counts ({@code task_counts}, which /stats reads) equal a full count of the tasks after
 * every kind of change: creation, dispatch, work, failure, schedule, cancel, retry, delete, import.
 */
class StatusCountsIT extends OrchestratorIT {

  @Autowired DataSource dataSource;

  @Test
  void keptCountsEqualAFullCountAfterEveryKindOfChange() {
    var worker = startWorker(2);
    try {
      var ids = new ArrayList<UUID>();
      for (int i = 0; i < 5; i++) {
        ids.add(submit("{\"type\":\"echo\",\"input\":{\"i\":" + i + "}}"));
      }
      var failing = submit("{\"type\":\"fail\",\"maxRetries\":0}");
      var scheduled =
          submit("{\"type\":\"echo\",\"runAt\":\"" + Instant.now().plusSeconds(3600) + "\"}");
      var waiting = submit("{\"type\":\"pull-only\"}");
      await().atMost(Duration.ofSeconds(30)).until(() -> status(ids.get(4)).equals("COMPLETED"));
      await().atMost(Duration.ofSeconds(30)).until(() -> status(failing).equals("FAILED"));

      assertThat(post("/api/v1/tasks/" + scheduled + "/cancel", "").statusCode()).isEqualTo(200);
      assertThat(post("/api/v1/tasks/" + waiting + "/cancel", "").statusCode()).isEqualTo(200);
      assertThat(post("/api/v1/tasks/" + waiting + "/retry", "").statusCode()).isEqualTo(200);
      assertThat(request("DELETE", "/api/v1/tasks/" + ids.get(0), null).statusCode())
          .isEqualTo(204);
      var pending = UUID.randomUUID();
      var imported =
          post(
              "/api/v1/tasks/import",
              """
              [{"id":"%s","status":"done","type":"echo"},
               {"id":"%s","status":"pending","type":"pull-only"}]
              """
                  .formatted(UUID.randomUUID(), pending));
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      // Leave no claimable pull-only task behind for the other tests of the shared orchestrator.
      assertThat(post("/api/v1/tasks/" + waiting + "/cancel", "").statusCode()).isEqualTo(200);
      assertThat(post("/api/v1/tasks/" + pending + "/cancel", "").statusCode()).isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(keptCounts()).isEqualTo(fullCounts()));
      var stats = getJson("/api/v1/tasks/stats");
      assertThat(stats.get("total").asLong())
          .isEqualTo(fullCounts().values().stream().mapToLong(Long::longValue).sum());
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  private TreeMap<String, Long> keptCounts() {
    return counts("SELECT tenant_id || '/' || status, n FROM task_counts WHERE n <> 0");
  }

  private TreeMap<String, Long> fullCounts() {
    return counts(
        "SELECT tenant_id || '/' || status, COUNT(*) FROM tasks GROUP BY tenant_id, status");
  }

  private TreeMap<String, Long> counts(String sql) {
    var counts = new TreeMap<String, Long>();
    List<Object[]> rows =
        new JdbcTemplate(dataSource)
            .query(sql, (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)});
    rows.forEach(r -> counts.put((String) r[0], (Long) r[1]));
    return counts;
  }
}
