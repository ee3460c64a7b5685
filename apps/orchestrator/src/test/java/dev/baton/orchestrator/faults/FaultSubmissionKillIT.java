package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import dev.baton.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orchestrator dies by SIGKILL while it stores submissions in batches (AMQP batches of 100,
 * REST batches of 100, one transaction each, and single REST submissions from concurrent producers
 * that the group-commit writer applies many to a transaction) and is started again on the same
 * database: every submission it acknowledged is stored (a REST batch or a single submission
 * answered {@code 201}: each of its ids exists; an AMQP message is acked only after its batch
 * committed, so the unacked ones come back and are stored after the restart), and none twice.
 */
class FaultSubmissionKillIT {

  private static final int AMQP_SUBMISSIONS = 5_000;
  private static final int REST_BATCH = 100;
  private static final int SINGLE_PRODUCERS = 8;
  private static final int SINGLES_BEFORE_KILL = 300;

  @RegisterExtension final FaultHarness faults = new FaultHarness();

  @Test
  void orchestratorKilledWhileStoringBatchesLosesNoAcknowledgedSubmission() throws Exception {
    var orchestrator = faults.startOrchestrator(Map.of());
    var http = orchestrator.http();

    // A REST producer sends batches until the orchestrator stops answering.
    var answeredIds = new ConcurrentLinkedQueue<UUID>();
    var stopped = new AtomicBoolean();
    var restProducer = Executors.newSingleThreadExecutor();
    var restBatches =
        restProducer.submit(
            () -> {
              int sent = 0;
              while (!stopped.get()) {
                var tasks = new java.util.ArrayList<Map<String, Object>>(REST_BATCH);
                for (int i = 0; i < REST_BATCH; i++) {
                  tasks.add(task("rest", sent * REST_BATCH + i));
                }
                try {
                  var response = http.post("/api/v1/tasks/batch", Map.of("tasks", tasks));
                  if (response.status() == 201) {
                    response
                        .json()
                        .get("ids")
                        .forEach(id -> answeredIds.add(UUID.fromString(id.asString())));
                  }
                } catch (RuntimeException orchestratorGone) {
                  return sent;
                }
                sent++;
              }
              return sent;
            });

    // Producers of single submissions, concurrently: the group-commit writer takes several of them
    // into one transaction, and answers each 201 only after that transaction committed.
    var answeredSingles = new ConcurrentLinkedQueue<UUID>();
    var singleProducers = Executors.newFixedThreadPool(SINGLE_PRODUCERS);
    var singles = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
    for (int p = 0; p < SINGLE_PRODUCERS; p++) {
      int producer = p;
      singles.add(
          singleProducers.submit(
              () -> {
                int sent = 0;
                while (!stopped.get()) {
                  try {
                    var response =
                        http.post("/api/v1/tasks", task("single", producer * 1_000_000 + sent));
                    if (response.status() == 201) {
                      answeredSingles.add(UUID.fromString(response.json().get("id").asString()));
                    }
                  } catch (RuntimeException orchestratorGone) {
                    return sent;
                  }
                  sent++;
                }
                return sent;
              }));
    }

    // The single submissions get going first: once the AMQP stream runs they come slowly, and
    // the stream could be stored in full before enough of them were answered.
    await("single submissions answered: the kill lands while group commits follow each other")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> answeredSingles.size() >= SINGLES_BEFORE_KILL);

    // The AMQP producer publishes while the orchestrator consumes, so the kill hits mid-stream.
    var amqpProducer = Executors.newSingleThreadExecutor();
    var published =
        amqpProducer.submit(
            () -> {
              try (var connection =
                  TestBroker.connectionFactory().newConnection("fault-submission-kill")) {
                var channel = connection.createChannel();
                channel.confirmSelect();
                var props =
                    new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .deliveryMode(2)
                        .build();
                for (int i = 0; i < AMQP_SUBMISSIONS; i++) {
                  channel.basicPublish(
                      "",
                      faults.topology().submissionsQueue(),
                      props,
                      JsonHttp.JSON
                          .writeValueAsString(task("amqp", i))
                          .getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(60_000);
              }
              return AMQP_SUBMISSIONS;
            });

    await("a tenth of the AMQP submissions stored")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> stored(http, "amqp") >= AMQP_SUBMISSIONS / 10);
    var storedAtKill = stored(http, "amqp");
    orchestrator.kill9();
    stopped.set(true);
    published.get();
    amqpProducer.shutdown();
    var answeredAtKill = answeredIds.size();
    var restBatchesSent = restBatches.get();
    restProducer.shutdown();
    int singlesSent = 0;
    for (var producer : singles) {
      singlesSent += producer.get();
    }
    singleProducers.shutdown();
    var singlesAnsweredAtKill = answeredSingles.size();
    FaultHarness.report(
        "killed the orchestrator while storing: %d of %d AMQP submissions stored, %d REST batches"
            + " sent, %d REST ids answered, %d single submissions sent, %d answered 201",
        storedAtKill,
        AMQP_SUBMISSIONS,
        restBatchesSent,
        answeredAtKill,
        singlesSent,
        singlesAnsweredAtKill);

    assertThat(storedAtKill)
        .as("AMQP submissions stored just before the kill: it hits mid-stream")
        .isLessThan(AMQP_SUBMISSIONS);
    orchestrator.restart();

    await("every AMQP submission stored once")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> stored(http, "amqp") >= AMQP_SUBMISSIONS);
    assertThat(stored(http, "amqp"))
        .as("AMQP submissions stored (each had its own idempotency key)")
        .isEqualTo(AMQP_SUBMISSIONS);
    assertThat(answeredAtKill).as("REST batches answered before the kill").isPositive();
    for (var id : List.copyOf(answeredIds)) {
      assertThat(http.get("/api/v1/tasks/" + id).status())
          .as("REST-acknowledged task %s after the restart", id)
          .isEqualTo(200);
    }
    assertThat(stored(http, "rest")).isGreaterThanOrEqualTo(answeredAtKill);
    assertThat(singlesAnsweredAtKill)
        .as("single submissions answered before the kill")
        .isPositive();
    for (var id : List.copyOf(answeredSingles)) {
      assertThat(http.get("/api/v1/tasks/" + id).status())
          .as("single submission %s answered 201 before the kill, after the restart", id)
          .isEqualTo(200);
    }
    assertThat(stored(http, "single")).isGreaterThanOrEqualTo(singlesAnsweredAtKill);
  }

  /** A task nobody works (no worker runs): it stays queued, which is all this test needs. */
  private Map<String, Object> task(String source, int n) {
    return Map.of(
        "type",
        "echo",
        "input",
        Map.of("n", n),
        "tags",
        Map.of("src", source),
        "idempotencyKey",
        faults.prefix() + "-" + source + "-" + n);
  }

  private static long stored(JsonHttp http, String source) {
    try {
      return http.getJson("/api/v1/tasks/stats?tag=src:" + source).get("total").asLong();
    } catch (RuntimeException | AssertionError notAnswering) {
      return -1;
    }
  }
}
