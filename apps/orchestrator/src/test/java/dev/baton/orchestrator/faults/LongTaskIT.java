package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A task that runs longer than the broker's delivery acknowledgement timeout ({@code
 * consumer_timeout}, 30 minutes by default, lowered here to 3 seconds): the broker would close the
 * worker's channel and hand the dispatch to another consumer while the handler still runs, so the
 * task would run twice. The worker acks a long task's dispatch early instead (here after 1 s).
 *
 * <p>Changes a broker-wide setting for the duration of the test (channels opened meanwhile get the
 * short timeout): do not run it beside other tests on the same broker.
 */
class LongTaskIT extends OrchestratorIT {

  private static final String TYPE = "long-it";
  private static final Duration TASK_LENGTH = Duration.ofSeconds(9);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);

  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private Rabbitmqctl rabbitmqctl;
  private Optional<Long> brokerTimeoutBefore;
  private BatonWorker first;
  private BatonWorker second;

  @BeforeEach
  void lowerTheBrokersTimeout() {
    rabbitmqctl = Rabbitmqctl.forTestBroker();
    brokerTimeoutBefore = rabbitmqctl.consumerTimeout();
    rabbitmqctl.consumerTimeout(Optional.of(BROKER_TIMEOUT.toMillis()));
  }

  @AfterEach
  void restore() {
    try {
      for (var worker : new BatonWorker[] {first, second}) {
        if (worker != null) {
          worker.stop(Duration.ofSeconds(2));
        }
      }
    } finally {
      rabbitmqctl.consumerTimeout(brokerTimeoutBefore);
    }
  }

  @Test
  void taskLongerThanTheBrokersAckTimeoutRunsOnceAndCompletes() throws Exception {
    first = worker();
    second = worker();
    var id = submit("{\"type\":\"" + TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":60}");

    await()
        .atMost(TASK_LENGTH.multipliedBy(4))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status(id).equals("COMPLETED"));

    assertThat(runs.get(id)).as("handler runs of the task").hasValue(1);
    var task = getJson("/api/v1/tasks/" + id);
    assertThat(task.get("attempt").asInt()).isEqualTo(1);
    // The early ack announced itself with a confirmed RUNNING before the result.
    assertThat(getJson("/api/v1/tasks/" + id + "/events").toString())
        .contains("dispatch acked, liveness and deadline guard it");
    // Neither worker's channel was closed under it: both still consume the queue.
    assertThat(first.completedCount() + second.completedCount()).isEqualTo(1);
  }

  private BatonWorker worker() {
    var worker =
        BatonWorker.builder()
            .amqpUri(TestBroker.amqpUri())
            .topology(topology)
            .concurrency(1)
            .heartbeatInterval(Duration.ofSeconds(1))
            .ackLongTasksAfter(Duration.ofSeconds(1))
            .handler(
                TYPE,
                context -> {
                  runs.computeIfAbsent(context.taskId(), k -> new AtomicInteger())
                      .incrementAndGet();
                  // Blocks for the task's length; a cancel interrupts it.
                  new CountDownLatch(1).await(TASK_LENGTH.toMillis(), TimeUnit.MILLISECONDS);
                  return Map.of("slept", TASK_LENGTH.toMillis());
                })
            .build();
    worker.start();
    return worker;
  }
}
