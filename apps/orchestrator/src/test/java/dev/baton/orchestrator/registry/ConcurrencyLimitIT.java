package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A definition's concurrency limit holds across all workers: with a limit of 2, four workers with
 * room for sixteen never run more than two attempts of the type at once.
 */
class ConcurrencyLimitIT extends OrchestratorIT {

  private final List<BatonWorker> workers = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @AfterEach
  void stopWorkers() {
    workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
  }

  @Test
  void aLimitOfTwoIsNeverExceededByFourWorkersOverFiftyTasks() {
    var registered =
        post(
            "/api/v1/definitions",
            "{\"type\":\"limited\",\"version\":\"1.0.0\",\"concurrencyLimit\":2}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    for (int i = 0; i < 4; i++) {
      workers.add(countingWorker());
    }

    var batch = new StringBuilder("{\"tasks\":[");
    for (int i = 0; i < 50; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"limited\",\"input\":{\"n\":").append(i);
      batch.append("},\"tags\":{\"suite\":\"limit\"}}");
    }
    var response = post("/api/v1/tasks/batch", batch.append("]}").toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(
                        getJson("/api/v1/tasks/stats?type=limited&tag=suite:limit")
                            .get("byStatus")
                            .get("COMPLETED")
                            .asInt())
                    .isEqualTo(50));

    assertThat(mostAtOnce.get()).isEqualTo(2);
    // The rest waited QUEUED in the database, not in the broker: their history says so.
    assertThat(heldByTheLimit()).isGreaterThanOrEqualTo(40);
  }

  /** A worker with room for four that counts how many attempts of the type run at once. */
  private BatonWorker countingWorker() {
    var worker =
        BatonWorker.builder()
            .amqpUri(TestBroker.amqpUri())
            .topology(topology)
            .concurrency(4)
            .heartbeatInterval(Duration.ofSeconds(1))
            .handler(
                "limited",
                context -> {
                  int now = running.incrementAndGet();
                  mostAtOnce.accumulateAndGet(now, Math::max);
                  try {
                    Thread.sleep(40); // the work: long enough for attempts to overlap
                  } finally {
                    running.decrementAndGet();
                  }
                  return null;
                })
            .build();
    worker.start();
    return worker;
  }

  /** Tasks whose history says a dispatch was held back by the limit. */
  private long heldByTheLimit() {
    long held = 0;
    for (var task : getJson("/api/v1/tasks?type=limited&tag=suite:limit&limit=500").get("items")) {
      for (var event : getJson("/api/v1/tasks/" + task.get("id").asString() + "/events")) {
        if (event.toString().contains("held: concurrency limit")) {
          held++;
        }
      }
    }
    return held;
  }
}
