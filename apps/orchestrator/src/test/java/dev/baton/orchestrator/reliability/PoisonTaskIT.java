package dev.baton.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.orchestrator.WorkerStandIn;
import dev.baton.orchestrator.events.DeadLetters;
import dev.baton.protocol.TaskStatusEvent.Status;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A poison task: its stored input no longer parses (as after the JSON limits were lowered), so
 * every transition that re-reads it to dispatch the next attempt throws a {@code
 * MalformedMessageException} — neither a data-access error nor an {@code IllegalArgumentException}.
 * Whatever touches it (a worker's event, the deadline sweep, the liveness sweep) must fail alone:
 * the other tasks go on, and an event about it ends in the dead-letter queue with the reason.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PoisonTaskIT extends OrchestratorTestBase {

  private static final String PREFIX = TestBroker.uniquePrefix("poison");
  private static final String DATABASE = TestDatabase.newDatabase("poison-it");
  private static final String TYPE = "poison-it";

  @DynamicPropertySource
  static void ownOrchestrator(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, PREFIX, DATABASE);
    registry.add("baton.workers.unhealthy-after", () -> "1s");
    registry.add("baton.workers.offline-after", () -> "2s");
  }

  @AfterAll
  static void removeQueues() {
    TestBroker.deleteTopology(new Topology(PREFIX), List.of(TYPE));
  }

  @Autowired DataSource dataSource;

  @Autowired
  @Qualifier("workerEventsContainer")
  MessageListenerContainer eventsContainer;

  private WorkerStandIn worker;

  @BeforeEach
  void standIn() {
    worker = new WorkerStandIn(topology, "stand-in-" + UUID.randomUUID());
  }

  @AfterEach
  void close() {
    worker.close();
    eventsContainer.start();
  }

  @Test
  void poisonEventIsDeadLetteredAloneAndTheEventsBehindItAreApplied() {
    var poison = submitQueued("{\"type\":\"" + TYPE + "\",\"input\":{\"n\":1}}");
    var good = submitQueued("{\"type\":\"" + TYPE + "\",\"input\":{\"n\":2}}");
    corruptInput(poison);

    // Both events wait in the queue, the poison one first, so they reach the consumer together.
    eventsContainer.stop();
    worker.failed(poison, 1, "retry me"); // applying it re-reads the input for attempt 2: throws
    worker.completed(good, 1, JSON.createObjectNode().put("good", true));
    eventsContainer.start();

    var deadLetter = worker.awaitDeadLetter(poison.toString(), Duration.ofSeconds(20));
    assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .startsWith("event could not be applied")
        .contains("MalformedMessageException")
        .contains("3 attempts");
    await("the event behind the poison one applied")
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(good).equals("COMPLETED"));
    assertThat(getJson("/api/v1/tasks/" + good).get("result").get("good").asBoolean()).isTrue();
    assertThat(storedStatus(poison)).isEqualTo("QUEUED");
  }

  @Test
  void attemptWhoseTimeoutFailsIsSkippedAndLaterAttemptsStillTimeOut() {
    // The poison attempt times out first (earlier deadline); timing it out dispatches attempt 2,
    // which re-reads the input and throws.
    var poison = submitQueued(task(1, 1));
    var good = submitQueued(task(1, 0));
    corruptInput(poison);

    worker.status(poison, 1, Status.RUNNING);
    worker.status(good, 1, Status.RUNNING);

    await("the later attempt timed out")
        .atMost(Duration.ofSeconds(20))
        .until(() -> status(good).equals("FAILED"));
    assertThat(getJson("/api/v1/tasks/" + good).get("error").get("type").asString())
        .isEqualTo("TIMEOUT");
    assertThat(storedStatus(poison)).isEqualTo("RUNNING");
  }

  @Test
  void workerLostWhoseTaskCannotBeRetriedStillFailsItsOtherTasks() {
    var poison = submitQueued(task(120, 1));
    var good = submitQueued(task(120, 0));
    corruptInput(poison);

    worker.heartbeat(List.of());
    worker.status(poison, 1, Status.RUNNING);
    worker.status(good, 1, Status.RUNNING);
    // No more heartbeats: the stand-in goes OFFLINE after 2 s and its attempts are lost.

    await("the worker OFFLINE and its other task failed")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                workerStatus(worker.workerId()).equals("OFFLINE") && status(good).equals("FAILED"));
    assertThat(getJson("/api/v1/tasks/" + good).get("error").get("type").asString())
        .isEqualTo("WORKER_LOST");
  }

  private static String task(int timeoutSeconds, int maxRetries) {
    return "{\"type\":\"%s\",\"timeoutSeconds\":%d,\"maxRetries\":%d,\"input\":{\"n\":3}}"
        .formatted(TYPE, timeoutSeconds, maxRetries);
  }

  private UUID submitQueued(String json) {
    var id = submit(json);
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    return id;
  }

  /** What a stored input looks like to a stricter parser: JSON it refuses. */
  private void corruptInput(UUID id) {
    var updated =
        new JdbcTemplate(dataSource)
            .update("UPDATE tasks SET input = ? WHERE id = ?", "{\"n\":", id.toString());
    assertThat(updated).isEqualTo(1);
  }

  /** Read from the table: the API cannot show a task whose input does not parse. */
  private String storedStatus(UUID id) {
    return new JdbcTemplate(dataSource)
        .queryForObject("SELECT status FROM tasks WHERE id = ?", String.class, id.toString());
  }

  private String workerStatus(String workerId) {
    for (JsonNode w : getJson("/api/v1/workers")) {
      if (w.get("id").asString().equals(workerId)) {
        return w.get("status").asString();
      }
    }
    return "absent";
  }
}
