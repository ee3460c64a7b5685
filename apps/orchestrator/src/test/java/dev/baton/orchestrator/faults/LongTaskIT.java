package dev.baton.orchestrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.time.Instant;
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
 * consumer_timeout}, 30 minutes by default, lowered here to 3 seconds, checked every second instead
 * of every minute): the broker would close the worker's channel and hand the dispatch to another
 * consumer while the handler still runs, so the task would run twice. The worker acks a long task's
 * dispatch early instead (here after 1 s).
 *
 * <p>Changes a broker-wide setting for the duration of the test (channels opened meanwhile get the
 * short timeout): do not run it beside other tests on the same broker.
 */
class LongTaskIT extends OrchestratorIT {

  private static final String TYPE = "long-it";
  private static final String SHORT_TYPE = "long-it-short";
  private static final Duration TASK_LENGTH = Duration.ofSeconds(9);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration BROKER_CHECK = Duration.ofSeconds(1);
  private static final String TIMEOUT = "consumer_timeout";
  private static final String CHECK = "channel_tick_interval";

  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private Rabbitmqctl rabbitmqctl;
  private Optional<Long> timeoutBefore;
  private Optional<Long> checkBefore;
  private BatonWorker first;
  private BatonWorker second;

  @BeforeEach
  void lowerTheBrokersTimeout() {
    rabbitmqctl = Rabbitmqctl.forTestBroker();
    timeoutBefore = rabbitmqctl.brokerSetting(TIMEOUT);
    checkBefore = rabbitmqctl.brokerSetting(CHECK);
    rabbitmqctl.brokerSetting(TIMEOUT, Optional.of(BROKER_TIMEOUT.toMillis()));
    rabbitmqctl.brokerSetting(CHECK, Optional.of(BROKER_CHECK.toMillis()));
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
      rabbitmqctl.brokerSetting(TIMEOUT, timeoutBefore);
      rabbitmqctl.brokerSetting(CHECK, checkBefore);
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

  @Test
  void shortTaskPrefetchedBehindALongOneIsHandedBackInsteadOfTimingOutTheChannel() {
    first = worker();
    var longId = submit("{\"type\":\"" + TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":60}");
    await().atMost(Duration.ofSeconds(30)).until(() -> status(longId).equals("RUNNING"));
    // One handler thread, busy for 9 s: this one is prefetched (its type's own consumer) and waits.
    var shortId =
        submit("{\"type\":\"" + SHORT_TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":60}");

    await()
        .atMost(TASK_LENGTH.multipliedBy(4))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status(longId).equals("COMPLETED") && status(shortId).equals("COMPLETED"));

    assertThat(runs.get(longId)).as("runs of the long task").hasValue(1);
    assertThat(runs.get(shortId)).as("runs of the short task").hasValue(1);
    // The worker's channel was never closed under it: it still consumes.
    var next = submit("{\"type\":\"" + SHORT_TYPE + "\",\"maxRetries\":0,\"timeoutSeconds\":60}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(next).equals("COMPLETED"));
    // Its deadline started when the thread took it, not while it waited behind the long one.
    var shortTask = getJson("/api/v1/tasks/" + shortId);
    assertThat(Instant.parse(shortTask.get("startedAt").asString()))
        .isAfter(
            Instant.parse(getJson("/api/v1/tasks/" + longId).get("completedAt").asString())
                .minusSeconds(1));
  }

  private BatonWorker worker() {
    var worker =
        BatonWorker.builder()
            .amqpUri(TestBroker.amqpUri())
            .topology(topology)
            .concurrency(1)
            .heartbeatInterval(Duration.ofSeconds(1))
            .deliveryHoldLimit(Duration.ofSeconds(1))
            .handler(
                TYPE,
                context -> {
                  runs.computeIfAbsent(context.taskId(), k -> new AtomicInteger())
                      .incrementAndGet();
                  // Blocks for the task's length; a cancel interrupts it.
                  new CountDownLatch(1).await(TASK_LENGTH.toMillis(), TimeUnit.MILLISECONDS);
                  return Map.of("slept", TASK_LENGTH.toMillis());
                })
            .handler(
                SHORT_TYPE,
                context -> {
                  runs.computeIfAbsent(context.taskId(), k -> new AtomicInteger())
                      .incrementAndGet();
                  return Map.of("short", true);
                })
            .build();
    worker.start();
    return worker;
  }
}
