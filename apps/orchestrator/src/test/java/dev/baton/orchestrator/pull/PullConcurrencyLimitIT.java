package dev.baton.orchestrator.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;

/**
 * A type's {@code concurrencyLimit} holds for HTTP pull workers too: a claim never takes an attempt
 * the relay has not given a slot, even when the relay lags behind the submissions (a backlog, a
 * restart).
 */
class PullConcurrencyLimitIT extends OrchestratorIT {

  private static final String TYPE = "pull-limited";

  static {
    // Released dispatches of the type reach its queue, which no AMQP worker consumes.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> TestBroker.deleteTopology(new Topology(PREFIX), List.of(TYPE))));
  }

  @Autowired ApplicationContext context;

  @Test
  void pullClaimsNeverHoldMoreAttemptsThanTheTypesConcurrencyLimit() {
    var registered =
        post(
            "/api/v1/definitions",
            "{\"type\":\"" + TYPE + "\",\"version\":\"1.0.0\",\"concurrencyLimit\":1}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

    // The relay has not seen the new tasks yet: they are SUBMITTED, no slot given to any.
    var relay = context.getBean("outboxRelay", SmartLifecycle.class);
    relay.stop();
    var submitted = new ArrayList<String>();
    List<JsonNode> beforeTheRelay;
    try {
      for (int i = 0; i < 3; i++) {
        submitted.add(submit("{\"type\":\"" + TYPE + "\",\"input\":{\"n\":" + i + "}}").toString());
      }
      beforeTheRelay = claim(3);
    } finally {
      relay.start();
    }
    assertThat(beforeTheRelay)
        .as("attempts claimed before the relay gave any a slot (limit 1)")
        .hasSizeLessThanOrEqualTo(1);

    // Then one attempt at a time, each claimable once the previous one has ended.
    var done = new HashSet<String>();
    beforeTheRelay.forEach(task -> done.add(complete(task)));
    while (done.size() < submitted.size()) {
      var claimed = new AtomicReference<List<JsonNode>>();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                claimed.set(claim(3));
                return !claimed.get().isEmpty();
              });
      assertThat(claimed.get()).as("one slot: one attempt at a time").hasSize(1);
      assertThat(inFlight()).isEqualTo(1);
      assertThat(claim(3)).as("a second claim while the slot is taken").isEmpty();
      done.add(complete(claimed.get().get(0)));
    }
    assertThat(done).containsExactlyInAnyOrderElementsOf(submitted);
  }

  private List<JsonNode> claim(int limit) {
    var response =
        post(
            "/api/v1/tasks/claim",
            "{\"workerId\":\"w-limited\",\"types\":[\"" + TYPE + "\"],\"limit\":" + limit + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var tasks = new ArrayList<JsonNode>();
    JSON.readTree(response.body()).get("tasks").forEach(tasks::add);
    return tasks;
  }

  private String complete(JsonNode task) {
    var id = task.get("id").asString();
    var response =
        post(
            "/api/v1/tasks/" + id + "/complete",
            "{\"workerId\":\"w-limited\",\"attempt\":" + task.get("attempt").asInt() + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return id;
  }

  private int inFlight() {
    var byStatus = getJson("/api/v1/tasks/stats?type=" + TYPE).get("byStatus");
    return byStatus.get("ASSIGNED").asInt() + byStatus.get("RUNNING").asInt();
  }
}
