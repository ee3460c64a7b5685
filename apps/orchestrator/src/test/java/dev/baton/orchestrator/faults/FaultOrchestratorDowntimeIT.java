package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testsupport.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrator is down for longer than {@code offlineAfter} while a worker, alive all along,
 * runs its tasks and keeps heartbeating into the events queue. After the restart the worker must
 * not be declared OFFLINE on the strength of a silence that was the orchestrator's own, and its
 * tasks must not be retried (run twice).
 */
class FaultOrchestratorDowntimeIT {

  private static final int SLEEP_MS = 30_000;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void orchestratorDownLongerThanOfflineAfterDoesNotRetryALiveWorkersTasks() throws Exception {
    var orchestrator =
        faults.startOrchestrator(
            Map.of(
                "BATON_WORKERS_UNHEALTHYAFTER", "3s",
                "BATON_WORKERS_OFFLINEAFTER", "6s",
                "BATON_SWEEPER_INTERVAL", "500ms"));
    var http = orchestrator.http();
    var worker = faults.startInProcessWorker(2);
    var ids = new ArrayList<UUID>();
    for (int i = 0; i < 2; i++) {
      var input = JsonHttp.JSON.createObjectNode().put("ms", SLEEP_MS);
      var response = http.post("/api/v1/tasks", TaskLoad.task("sleep", input, faults.prefix() + i));
      assertThat(response.status()).isEqualTo(201);
      ids.add(UUID.fromString(response.json().get("id").asString()));
    }
    await("both tasks RUNNING")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            http.getJson("/api/v1/tasks/" + id)
                                .get("status")
                                .asString()
                                .equals("RUNNING")));

    orchestrator.kill9();
    // The outage outlasts offlineAfter (6 s): ten heartbeats of the live worker wait unread.
    var eventsQueue = faults.topology().orchestratorEventsQueue();
    var factory = TestBroker.connectionFactory();
    try (var connection = factory.newConnection("baton-faults-probe");
        var channel = connection.createChannel()) {
      await("heartbeats queued for 10 s")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> channel.queueDeclarePassive(eventsQueue).getMessageCount() >= 10);
    }
    orchestrator.restart();

    try (var load = new TaskLoad(http, 2)) {
      load.awaitTerminal(ids, Duration.ofMinutes(2));
    }
    for (var id : ids) {
      var verified = HistoryCheck.verify(http, id, "COMPLETED");
      assertThat(verified.applied("WORKER_LOST"))
          .as("a live worker's task was retried:%n%s", verified.dump())
          .isFalse();
      assertThat(verified.task().get("attempt").asInt()).as(verified.dump()).isEqualTo(1);
    }
    assertThat(worker.completedCount()).as("attempts the worker ran").isEqualTo(2);
  }
}
