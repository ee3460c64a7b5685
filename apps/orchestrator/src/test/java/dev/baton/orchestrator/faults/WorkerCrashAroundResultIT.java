package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TcpProxy;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A worker dies at the two moments the lean protocol's asynchronous acks open: after publishing a
 * result but before its confirm arrived, and after the confirm but before its ack reached the
 * broker. The worker talks to the broker through a {@link TcpProxy}; the test holds one direction
 * of its traffic at the chosen moment, then cuts every connection (what the broker sees of a {@code
 * kill -9}). Either way the broker redelivers the dispatch, another worker runs it again
 * (at-least-once), and the orchestrator applies exactly one result.
 */
class WorkerCrashAroundResultIT extends OrchestratorIT {

  private static final String TYPE = "crash-result-it";

  private final List<String> runs = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch finish = new CountDownLatch(1);
  private TcpProxy proxy;
  private BatonWorker dying;
  private BatonWorker survivor;

  @AfterEach
  void stopAll() {
    finish.countDown();
    if (proxy != null) {
      proxy.cut();
    }
    for (var worker : new BatonWorker[] {dying, survivor}) {
      if (worker != null) {
        worker.stop(Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void workerGoneAfterPublishingItsResultBeforeItsConfirmHasItAppliedOnce() throws Exception {
    var id = startOnTheDyingWorker();
    // The broker's answers (the confirm among them) no longer reach the dying worker.
    proxy.links().forEach(TcpProxy.Link::pauseDownstream);

    finish.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
    assertThat(dying.completedCount()).as("acked by the dying worker").isZero();

    proxy.cut();
    survivorRunsItAgainAndItChangesNothing(id);
  }

  @Test
  void workerGoneAfterItsResultsConfirmBeforeItsAckHasItAppliedOnce() throws Exception {
    var id = startOnTheDyingWorker();
    // The first connection consumes: its acks no longer reach the broker; results still go out.
    proxy.links().get(0).pauseUpstream();

    finish.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
    await("the confirm arrived and the ack was sent")
        .atMost(Duration.ofSeconds(20))
        .until(() -> dying.completedCount() == 1);

    proxy.cut();
    survivorRunsItAgainAndItChangesNothing(id);
  }

  /** Submits a task and waits until the dying worker's handler runs it. */
  private UUID startOnTheDyingWorker() throws Exception {
    var broker = URI.create(TestBroker.amqpUri());
    proxy = TcpProxy.to(broker.getHost(), broker.getPort() > 0 ? broker.getPort() : 5672);
    dying = worker("amqp://guest:guest@127.0.0.1:" + proxy.port(), true);
    assertThat(proxy.links()).as("consume and publish connections").hasSize(2);
    var id = submit("{\"type\":\"" + TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":60}");
    assertThat(entered.await(20, TimeUnit.SECONDS)).as("the dying worker took the task").isTrue();
    return id;
  }

  private void survivorRunsItAgainAndItChangesNothing(UUID id) {
    survivor = worker(TestBroker.amqpUri(), false);
    await("the survivor ran the redelivered dispatch")
        .atMost(Duration.ofSeconds(30))
        .until(() -> survivor.completedCount() == 1);

    assertThat(runs).as("handler runs").containsExactly(dying.workerId(), survivor.workerId());
    var history = getJson("/api/v1/tasks/" + id + "/events");
    assertThat(count(history, "APPLIED", "WORKER_COMPLETED")).as(history.toString()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(getJson("/api/v1/tasks/" + id + "/events"), "IGNORED", "WORKER_COMPLETED")
                    == 1);
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(task.get("workerId").asString()).isEqualTo(dying.workerId());
    assertThat(task.get("result").get("ranOn").asString()).isEqualTo(dying.workerId());
  }

  private BatonWorker worker(String amqpUri, boolean blocks) {
    var id = (blocks ? "dying-" : "survivor-") + UUID.randomUUID().toString().substring(0, 8);
    var worker =
        BatonWorker.builder()
            .amqpUri(amqpUri)
            .topology(topology)
            .workerId(id)
            .concurrency(1)
            .heartbeatInterval(Duration.ofSeconds(1))
            .handler(
                TYPE,
                context -> {
                  runs.add(id);
                  if (blocks) {
                    entered.countDown();
                    finish.await();
                  }
                  return Map.of("ranOn", id);
                })
            .build();
    worker.start();
    return worker;
  }

  private static long count(JsonNode history, String outcome, String trigger) {
    long n = 0;
    for (var entry : history) {
      if (outcome.equals(entry.get("outcome").asString())
          && trigger.equals(entry.path("trigger").asString(""))) {
        n++;
      }
    }
    return n;
  }
}
