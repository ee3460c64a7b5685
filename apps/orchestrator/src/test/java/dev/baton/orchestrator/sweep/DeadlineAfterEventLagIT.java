package dev.baton.orchestrator.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.WorkerStandIn;
import dev.baton.protocol.TaskStatusEvent.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The events consumer lags (here: stopped, as in a stall of the database or a burst it works
 * through) while an attempt's deadline passes, and the attempt's result is already in the events
 * queue: the result was published in time, so it must win over the timeout.
 */
class DeadlineAfterEventLagIT extends OrchestratorIT {

  @Autowired
  @Qualifier("workerEventsContainer")
  MessageListenerContainer eventsContainer;

  @Test
  void resultQueuedBeforeTheDeadlineWinsOverTheTimeoutWhileTheConsumerLags() {
    var id = submit("{\"type\":\"events-it\",\"timeoutSeconds\":2,\"maxRetries\":0}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));
    try (var worker = new WorkerStandIn(topology, "lag-" + UUID.randomUUID())) {
      worker.status(id, 1, Status.RUNNING);
      await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("RUNNING"));
      var task = getJson("/api/v1/tasks/" + id);
      var deadline = Instant.parse(task.get("startedAt").asString()).plusSeconds(2);

      eventsContainer.stop();
      try {
        worker.completed(id, 1, JSON.createObjectNode().put("lagged", true));
        assertThat(Instant.now()).as("the result is queued before the deadline").isBefore(deadline);
        // Wait until the sweeper has judged the overdue attempt: either it timed it out, or it
        // held it and queued watermark markers behind the result (two, so that at least one pass
        // that began after the deadline saw it).
        var depths = new ArrayList<Integer>();
        await("the sweeper judged the overdue attempt")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  if (!status(id).equals("RUNNING")) {
                    return true;
                  }
                  if (Instant.now().isAfter(deadline)) {
                    depths.add(worker.eventsQueueDepth());
                  }
                  return depths.size() > 1 && depths.get(depths.size() - 1) >= depths.get(0) + 2;
                });
        assertThat(status(id)).as("timed out with its result in the queue").isEqualTo("RUNNING");
      } finally {
        eventsContainer.start();
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));
      assertThat(getJson("/api/v1/tasks/" + id).get("result").get("lagged").asBoolean()).isTrue();
      var history = getJson("/api/v1/tasks/" + id + "/events");
      for (var entry : history) {
        assertThat(
                "ATTEMPT_TIMED_OUT".equals(entry.get("trigger").asString(null))
                    && entry.get("outcome").asString().equals("APPLIED"))
            .as("a timeout was applied: %s", history)
            .isFalse();
      }
    }
  }
}
