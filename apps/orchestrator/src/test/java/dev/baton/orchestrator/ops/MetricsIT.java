package dev.baton.orchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /actuator/prometheus} and {@code /actuator/health}. */
class MetricsIT extends OrchestratorIT {

  @Test
  void prometheusShowsCountersTimersAndGaugesByTypeAndState() {
    var worker = startWorker(2);
    try {
      var id = submit("{\"type\":\"echo\",\"input\":{\"m\":1}}");
      await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(get("/actuator/prometheus").body())
                      .contains("baton_tasks_submitted_total{type=\"echo\"}")
                      .contains("baton_tasks_completed_total{type=\"echo\"}")
                      .contains("baton_tasks_queue_wait_seconds_count{type=\"echo\"}")
                      .contains("baton_tasks_run_time_seconds_count{type=\"echo\"}")
                      .contains("baton_tasks{status=\"COMPLETED\"}"));
    } finally {
      worker.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void healthReportsDatabaseBrokerAndDispatch() {
    var health = getJson("/actuator/health");

    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").propertyNames()).contains("db", "rabbit", "dispatch");
  }
}
