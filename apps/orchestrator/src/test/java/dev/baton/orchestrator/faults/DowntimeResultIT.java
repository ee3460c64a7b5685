package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.example.ExampleWorker;
import dev.baton.orchestrator.WorkerStandIn;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrator is killed (SIGKILL) while a worker runs a task whose {@code timeoutSeconds} (3
 * s) is shorter than the downtime. The worker finishes during the downtime: its result waits in the
 * events queue behind the other events published meanwhile (a backlog of other workers' reports).
 * After the restart the attempt's deadline has long passed, but its result was published in time:
 * it must win, and the task end {@code COMPLETED}, not time out.
 *
 * <p>Not named {@code Fault*IT}: those stay on SQLite, while this one runs in the PostgreSQL pass
 * too (one orchestrator, no broker-wide fault).
 */
class DowntimeResultIT {

  private static final String TYPE = "gated";
  private static final int TIMEOUT_SECONDS = 3;
  private static final int BACKLOG = 20_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void resultPublishedDuringTheDowntimeWinsOverTheDeadlineThatPassedMeanwhile() throws Exception {
    var orchestrator =
        faults.startOrchestrator(
            Map.of("BATON_SWEEPER_INTERVAL", "200ms", "BATON_SWEEPER_DEADLINEGRACE", "2s"));
    var http = orchestrator.http();
    var release = new CountDownLatch(1);
    var worker =
        ExampleWorker.builder(TestBroker.amqpUri(), faults.topology(), 1)
            .heartbeatInterval(Duration.ofSeconds(1))
            .handler(
                TYPE,
                ctx -> {
                  release.await();
                  return Map.of("done", ctx.attempt());
                })
            .build();
    worker.start();
    try (var others = new WorkerStandIn(faults.topology(), "other-workers")) {
      var body = JsonHttp.JSON.createObjectNode();
      body.put("type", TYPE);
      body.set("input", JsonHttp.JSON.createObjectNode());
      body.put("timeoutSeconds", TIMEOUT_SECONDS);
      body.put("maxRetries", 0);
      var response = http.post("/api/v1/tasks", body);
      assertThat(response.status()).isEqualTo(201);
      var id = UUID.fromString(response.json().get("id").asString());
      await("task RUNNING")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> http.getJson("/api/v1/tasks/" + id).get("status").asString().equals("RUNNING"));
      var started = Instant.parse(http.getJson("/api/v1/tasks/" + id).get("startedAt").asString());
      var deadline = started.plusSeconds(TIMEOUT_SECONDS);

      orchestrator.kill9();
      others.publishMany(Topology.KEY_TASK_STATUS, BACKLOG, others::unknownTaskStatus);
      release.countDown();
      await("the worker's result confirmed by the broker")
          .atMost(Duration.ofSeconds(30))
          .until(() -> worker.completedCount() == 1);
      await("the deadline passed during the downtime")
          .atMost(Duration.ofSeconds(TIMEOUT_SECONDS + 5))
          .until(() -> Instant.now().isAfter(deadline));
      FaultHarness.report("result queued behind %d events; restarting", BACKLOG);
      orchestrator.restart();

      try (var load = new TaskLoad(http, 1)) {
        load.awaitTerminal(List.of(id), Duration.ofMinutes(1));
      }
      var verified = HistoryCheck.verify(http, id, "COMPLETED");
      assertThat(verified.applied("ATTEMPT_TIMED_OUT"))
          .as("timed out though its result was queued:%n%s", verified.dump())
          .isFalse();
      assertThat(verified.task().get("result").get("done").asInt()).isEqualTo(1);
    } finally {
      release.countDown();
      worker.stop(Duration.ofSeconds(5));
      TestBroker.deleteTopology(faults.topology(), List.of(TYPE));
    }
  }
}
