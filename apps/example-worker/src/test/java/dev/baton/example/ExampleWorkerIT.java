package dev.baton.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.TaskResultEvent.Outcome;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.worker.BatonWorker;
import dev.baton.worker.NonRetryableException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example worker, in-process, against the real RabbitMQ: one test per handler. */
class ExampleWorkerIT {

  private BrokerHarness broker;
  private BatonWorker worker;

  @BeforeEach
  void start() throws Exception {
    broker = new BrokerHarness();
    worker = ExampleWorker.create(BrokerHarness.AMQP_URI, broker.topology, 2);
    worker.start();
  }

  @AfterEach
  void stop() throws Exception {
    worker.stop(Duration.ofSeconds(5));
    broker.close();
  }

  @Test
  void echoCompletesWithItsInput() throws Exception {
    var dispatch = broker.dispatch("echo", "{\"greeting\":\"hello\"}");

    var result = broker.awaitResult(dispatch);

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result()).isEqualTo(dispatch.input());
  }

  @Test
  void sleepCompletesWithTheTimeSlept() throws Exception {
    var dispatch = broker.dispatch("sleep", "{\"ms\":50}");

    var result = broker.awaitResult(dispatch);

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result()).isEqualTo(broker.codec.readTree("{\"sleptMs\":50}"));
  }

  @Test
  void cancelledSleepEndsAtOnceAsCancelled() throws Exception {
    var dispatch = broker.dispatch("sleep", "{\"ms\":600000}");
    await()
        .atMost(BrokerHarness.WAIT)
        .until(
            () ->
                broker.events.stream()
                    .anyMatch(
                        e ->
                            e instanceof TaskStatusEvent s
                                && s.taskId().equals(dispatch.taskId())
                                && s.status() == TaskStatusEvent.Status.RUNNING));

    broker.cancel(worker.workerId(), dispatch);

    var result = broker.awaitResult(dispatch);
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().type()).isEqualTo("CANCELLED");
  }

  @Test
  void sha256CompletesWithTheHexDigest() throws Exception {
    var dispatch = broker.dispatch("sha256", "{\"text\":\"abc\"}");

    var result = broker.awaitResult(dispatch);

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(result.result().get("sha256").stringValue())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void sha256WithoutTextFailsForGood() throws Exception {
    var dispatch = broker.dispatch("sha256", "{\"words\":\"abc\"}");

    var result = broker.awaitResult(dispatch);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().type()).isEqualTo(NonRetryableException.class.getName());
    assertThat(result.error().isRetryable()).isFalse();
  }

  @Test
  void failFailsRetryably() throws Exception {
    var dispatch = broker.dispatch("fail", "{}");

    var result = broker.awaitResult(dispatch);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error().message()).isEqualTo("fail handler always fails");
    assertThat(result.error().type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(result.error().isRetryable()).isTrue();
  }

  @Test
  void heartbeatAnnouncesAllExampleTypes() {
    var heartbeat = broker.awaitHeartbeat();

    assertThat(heartbeat.workerId()).isEqualTo(worker.workerId());
    assertThat(heartbeat.types()).containsExactly("echo", "sleep", "sha256", "fail");
    assertThat(heartbeat.capacity()).isEqualTo(2);
  }
}
