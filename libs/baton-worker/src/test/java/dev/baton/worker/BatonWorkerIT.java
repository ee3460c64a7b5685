package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.TaskResultEvent.Outcome;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.TaskStatusEvent.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker against the real RabbitMQ, with the test playing the orchestrator. */
class BatonWorkerIT {

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger invocations = new AtomicInteger();
  private TestOrchestrator orchestrator;

  /** Counts its calls, then blocks until the test releases it (interruptibly), then echoes. */
  private final TaskHandler blocking =
      context -> {
        invocations.incrementAndGet();
        release.await();
        return context.input();
      };

  @BeforeEach
  void connect() throws Exception {
    orchestrator = new TestOrchestrator();
  }

  @AfterEach
  void cleanUp() throws Exception {
    release.countDown();
    orchestrator.close();
  }

  @Test
  void shortTaskReportsOnlyItsResultWithItsInputAndStartTime() throws Exception {
    var worker = orchestrator.start(orchestrator.worker().handler("echo", TaskContext::input));

    var dispatch = orchestrator.dispatch("echo", "{\"hello\":\"world\",\"n\":[1,2]}");

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result()).isEqualTo(dispatch.input());
    assertThat(result.attempt()).isEqualTo(1);
    assertThat(result.workerId()).isEqualTo(worker.workerId());
    assertThat(result.startedAt()).isNotNull().isBeforeOrEqualTo(result.at());
    // Protocol v1.1: no ASSIGNED, and no RUNNING for a handler shorter than 100 ms.
    assertThat(orchestrator.statuses(dispatch.taskId())).isEmpty();
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 1);
  }

  @Test
  void handlerOutlivingTheThresholdIsReportedRunningBeforeItsResult() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator
                .worker()
                .runningAfter(Duration.ofMillis(50))
                .handler(
                    "slow",
                    context -> {
                      release.await();
                      return Map.of("done", true);
                    }));

    var dispatch = orchestrator.dispatch("slow", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);
    release.countDown();

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(orchestrator.statuses(dispatch.taskId()))
        .extracting(TaskStatusEvent::status)
        .containsExactly(Status.RUNNING);
    assertThat(orchestrator.events.indexOf(result))
        .isGreaterThan(
            orchestrator.events.indexOf(orchestrator.statuses(dispatch.taskId()).get(0)));
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 1);
  }

  @Test
  void resultsOfManyShortTasksShareMessages() throws Exception {
    int tasks = 400;
    // Waiting before the worker starts: its threads always have the next one, so results meet.
    for (int i = 0; i < tasks; i++) {
      orchestrator.dispatch("echo", "{\"i\":" + i + "}");
    }
    var worker =
        orchestrator.start(
            orchestrator.worker().concurrency(4).handler("echo", TaskContext::input));

    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == tasks);

    var resultMessages =
        orchestrator.messages.stream().filter(key -> key.startsWith("task.result")).count();
    assertThat(orchestrator.messages).contains("task.results");
    assertThat(resultMessages).as("messages carrying %d results", tasks).isLessThan(tasks / 2);
  }

  @Test
  void manyConcurrentTasksEachCompleteExactlyOnce() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator.worker().concurrency(8).handler("echo", TaskContext::input));
    var taskIds = new ArrayList<UUID>();
    for (int i = 0; i < 300; i++) {
      taskIds.add(orchestrator.dispatch("echo", "{\"i\":" + i + "}").taskId());
    }

    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 300);
    assertThat(taskIds).allSatisfy(id -> assertThat(orchestrator.results(id)).hasSize(1));
    assertThat(orchestrator.ready(orchestrator.topology.taskQueue("echo"))).isZero();
    assertThat(worker.inFlightCount()).isZero();
  }

  @Test
  void handlerExceptionIsReportedAsRetryableFailure() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator
                .worker()
                .handler(
                    "boom",
                    context -> {
                      throw new IllegalStateException("boom " + context.input().get("n"));
                    }));

    var dispatch = orchestrator.dispatch("boom", "{\"n\":7}");

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().message()).isEqualTo("boom 7");
    assertThat(result.error().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(result.error().isRetryable()).isTrue();
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.failedCount() == 1);
    assertThat(orchestrator.ready(orchestrator.topology.taskQueue("boom"))).isZero();
  }

  @Test
  void nonRetryableExceptionIsReportedAsNotRetryable() throws Exception {
    orchestrator.start(
        orchestrator
            .worker()
            .handler(
                "picky",
                context -> {
                  throw new NonRetryableException("input has no name");
                }));

    var dispatch = orchestrator.dispatch("picky", "{}");

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().message()).isEqualTo("input has no name");
    assertThat(result.error().type()).isEqualTo(NonRetryableException.class.getName());
    assertThat(result.error().isRetryable()).isFalse();
  }

  @Test
  void progressIsReportedAsStatusEvent() throws Exception {
    orchestrator.start(
        orchestrator
            .worker()
            .handler(
                "slow",
                context -> {
                  context.progress(50, "half way");
                  return null;
                }));

    var dispatch = orchestrator.dispatch("slow", "{}");

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result().isNull()).isTrue();
    assertThat(orchestrator.statuses(dispatch.taskId()))
        .filteredOn(e -> e.status() == Status.PROGRESS)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.progress()).isEqualTo(50);
              assertThat(e.message()).isEqualTo("half way");
            });
  }

  @Test
  void dispatchIsNotAckedBeforeItsResultSoACrashLeadsToRedelivery() throws Exception {
    var crashing = orchestrator.start(orchestrator.worker().handler("job", blocking));
    var queue = orchestrator.topology.taskQueue("job");
    var dispatch = orchestrator.dispatch("job", "{\"k\":1}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);
    assertThat(orchestrator.ready(queue)).isZero();

    crashing.kill();

    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.ready(queue) == 1);
    assertThat(orchestrator.results(dispatch.taskId())).isEmpty();

    var next = orchestrator.start(orchestrator.worker().handler("job", TaskContext::input));
    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.workerId()).isEqualTo(next.workerId());
    assertThat(result.result()).isEqualTo(dispatch.input());
  }

  @Test
  void unroutableResultIsRetriedAndTheDispatchStaysUnackedUntilConfirmed() throws Exception {
    var worker = orchestrator.start(orchestrator.worker().handler("job", blocking));
    var queue = orchestrator.topology.taskQueue("job");
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);

    orchestrator.unbindEvents(); // the result has nowhere to go: the broker returns it
    release.countDown();
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.publishRetryCount() >= 2);
    assertThat(worker.completedCount()).isZero();
    assertThat(worker.inFlightCount()).isEqualTo(1);

    orchestrator.bindEvents();
    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 1);
    worker.stop(Duration.ofSeconds(5));
    assertThat(orchestrator.ready(queue)).isZero();
  }

  @Test
  void duplicateDispatchOfARunningAttemptRunsOnce() throws Exception {
    var worker = orchestrator.start(orchestrator.worker().concurrency(2).handler("job", blocking));
    var queue = orchestrator.topology.taskQueue("job");
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);

    orchestrator.publish(dispatch);
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.duplicateCount() == 1);
    release.countDown();

    orchestrator.awaitResult(dispatch.taskId());
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.completedCount() == 1);
    worker.stop(Duration.ofSeconds(5));
    assertThat(invocations).hasValue(1);
    assertThat(orchestrator.results(dispatch.taskId())).hasSize(1);
    assertThat(orchestrator.ready(queue)).isZero();
  }

  @Test
  void duplicateOfAFinishedAttemptIsAckedWithoutRunning() throws Exception {
    release.countDown();
    var worker = orchestrator.start(orchestrator.worker().handler("job", blocking));
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitResult(dispatch.taskId());

    orchestrator.publish(dispatch);

    await().atMost(TestOrchestrator.WAIT).until(() -> worker.duplicateCount() == 1);
    assertThat(invocations).hasValue(1);
    assertThat(orchestrator.results(dispatch.taskId())).hasSize(1);
    assertThat(orchestrator.ready(orchestrator.topology.taskQueue("job"))).isZero();
  }

  @Test
  void malformedDispatchIsDeadLetteredWithItsReasonAndTheNextTaskStillRuns() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator.worker().concurrency(1).handler("echo", TaskContext::input));

    orchestrator.publishRaw("echo", "this is not json");
    orchestrator.publishRaw("echo", "{\"v\":1,\"type\":\"echo\",\"attempt\":1}");
    var next = orchestrator.dispatch("echo", "{\"after\":true}");

    assertThat(orchestrator.awaitResult(next.taskId()).outcome()).isEqualTo(Outcome.COMPLETED);
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.deadLetteredCount() == 2);
    var first = orchestrator.getDeadLetter();
    var second = orchestrator.getDeadLetter();
    assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
    var headers = first.getProps().getHeaders();
    assertThat(headers.get(EventPublisher.HEADER_SOURCE_QUEUE))
        .hasToString(orchestrator.topology.taskQueue("echo"));
    assertThat(headers.get(EventPublisher.HEADER_ERROR).toString()).contains("Unrecognized token");
    assertThat(second.getProps().getHeaders().get(EventPublisher.HEADER_ERROR).toString())
        .contains("taskId");
    assertThat(orchestrator.ready(orchestrator.topology.taskQueue("echo"))).isZero();
  }

  @Test
  void undecodableDispatchOfAKnownAttemptFailsItForGoodThenIsDeadLettered() throws Exception {
    orchestrator.start(orchestrator.worker().concurrency(1).handler("echo", TaskContext::input));
    var taskId = UUID.randomUUID();

    orchestrator.publishRaw(
        "echo",
        "{\"v\":1,\"taskId\":\"x\",\"attempt\":\"one\"}".getBytes(StandardCharsets.UTF_8),
        taskId + ":2");

    var result = orchestrator.awaitResult(taskId);
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.attempt()).isEqualTo(2);
    assertThat(result.error().type()).isEqualTo("MalformedDispatch");
    assertThat(result.error().retryable()).isFalse();
    assertThat(result.error().message()).contains("cannot read this dispatch");
    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.getDeadLetter() != null);
    assertThat(orchestrator.ready(orchestrator.topology.taskQueue("echo"))).isZero();
  }

  @Test
  void consumerCancelledByTheBrokerConsumesItsQueueAgain() throws Exception {
    orchestrator.start(orchestrator.worker().handler("echo", TaskContext::input));
    var queue = orchestrator.topology.taskQueue("echo");
    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.consumers(queue) == 1);

    orchestrator.deleteTaskQueue("echo");

    // The worker declares the queue again itself and consumes it.
    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.consumersIfExists(queue) == 1);
    var dispatch = orchestrator.dispatch("echo", "{\"after\":\"delete\"}");
    assertThat(orchestrator.awaitResult(dispatch.taskId()).outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void heartbeatListsTheRunningTask() throws Exception {
    var worker =
        orchestrator.start(
            orchestrator
                .worker()
                .concurrency(3)
                .heartbeatInterval(Duration.ofMillis(100))
                .handler("job", blocking));
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);

    await()
        .atMost(TestOrchestrator.WAIT)
        .until(
            () ->
                orchestrator.heartbeats().stream()
                    .anyMatch(beat -> beat.running().contains(dispatch.taskId())));
    var beat =
        orchestrator.heartbeats().stream()
            .filter(b -> b.running().contains(dispatch.taskId()))
            .findFirst()
            .orElseThrow();
    assertThat(beat.workerId()).isEqualTo(worker.workerId());
    assertThat(beat.types()).containsExactly("job");
    assertThat(beat.capacity()).isEqualTo(3);
  }

  @Test
  void cancelInterruptsTheRunningHandlerAndReportsCancelled() throws Exception {
    var interrupted = new AtomicBoolean();
    var sawCancelled = new AtomicBoolean();
    var worker =
        orchestrator.start(
            orchestrator
                .worker()
                .handler(
                    "job",
                    context -> {
                      try {
                        release.await();
                        return "not cancelled";
                      } catch (InterruptedException e) {
                        interrupted.set(true);
                        sawCancelled.set(context.isCancelled());
                        throw e;
                      }
                    }));
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);

    orchestrator.cancel(worker.workerId(), dispatch.taskId(), dispatch.attempt());

    var result = orchestrator.awaitResult(dispatch.taskId());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().type()).isEqualTo("CANCELLED");
    assertThat(result.error().isRetryable()).isFalse();
    assertThat(interrupted).isTrue();
    assertThat(sawCancelled).isTrue();
    await().atMost(TestOrchestrator.WAIT).until(() -> worker.failedCount() == 1);
  }

  @Test
  void gracefulStopLetsTheRunningTaskFinishAndTakesNoNewOne() throws Exception {
    var worker = orchestrator.start(orchestrator.worker().handler("job", blocking));
    var queue = orchestrator.topology.taskQueue("job");
    var running = orchestrator.dispatch("job", "{\"first\":true}");
    orchestrator.awaitStatus(running.taskId(), Status.RUNNING);

    var stopped = CompletableFuture.runAsync(() -> worker.stop(Duration.ofSeconds(10)));
    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.consumers(queue) == 0);
    var later = orchestrator.dispatch("job", "{\"second\":true}");
    assertThat(stopped).isNotDone();
    release.countDown();
    stopped.get();

    assertThat(orchestrator.awaitResult(running.taskId()).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(worker.completedCount()).isEqualTo(1);
    assertThat(orchestrator.statuses(later.taskId())).isEmpty();
    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.ready(queue) == 1);
  }

  @Test
  void stopAfterTheGracePeriodLeavesTheUnfinishedDispatchForRedelivery() throws Exception {
    var worker = orchestrator.start(orchestrator.worker().handler("job", blocking));
    var queue = orchestrator.topology.taskQueue("job");
    var dispatch = orchestrator.dispatch("job", "{}");
    orchestrator.awaitStatus(dispatch.taskId(), Status.RUNNING);

    worker.stop(Duration.ofMillis(200));

    await().atMost(TestOrchestrator.WAIT).until(() -> orchestrator.ready(queue) == 1);
    assertThat(orchestrator.results(dispatch.taskId())).isEmpty();
    assertThat(worker.completedCount() + worker.failedCount()).isZero();
  }
}
