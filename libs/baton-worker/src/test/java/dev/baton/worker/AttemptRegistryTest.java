package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import dev.baton.worker.AttemptRegistry.Verdict;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttemptRegistryTest {

  private final AttemptRegistry registry = new AttemptRegistry(2);

  private static Attempt attempt(UUID taskId, int number) {
    var dispatch = new TaskDispatch(1, taskId, "t", null, number, null, 5, 30, null, Map.of());
    return new Attempt(dispatch, "w1", new ProtocolCodec(), null, Clock.systemUTC(), false);
  }

  private static DeliveryRef delivery(long tag) {
    return new DeliveryRef(null, tag, "q");
  }

  @Test
  void newAttemptRuns() {
    var admission = registry.admit(attempt(UUID.randomUUID(), 1), delivery(1));

    assertThat(admission.verdict()).isEqualTo(Verdict.RUN);
    assertThat(registry.runningCount()).isEqualTo(1);
  }

  @Test
  void duplicateOfRunningAttemptTakesOverAndTheReplacedDeliveryIsAcked() {
    var taskId = UUID.randomUUID();
    var first = attempt(taskId, 1);
    registry.admit(first, delivery(1));

    var duplicate = registry.admit(attempt(taskId, 1), delivery(2));

    assertThat(duplicate.verdict()).isEqualTo(Verdict.DUPLICATE_OF_RUNNING);
    assertThat(duplicate.toAck().tag()).isEqualTo(1);
    assertThat(registry.release(first, true).tag()).isEqualTo(2);
  }

  @Test
  void detachedDeliveryIsAckedOnceAndLaterCopiesAreAckedAtOnce() {
    var taskId = UUID.randomUUID();
    var first = attempt(taskId, 1);
    registry.admit(first, delivery(1));

    assertThat(registry.detach(first).tag()).isEqualTo(1);
    assertThat(registry.detach(first)).as("let go once only").isNull();
    var copy = registry.admit(attempt(taskId, 1), delivery(2));

    assertThat(copy.verdict()).isEqualTo(Verdict.DUPLICATE_OF_RUNNING);
    assertThat(copy.toAck().tag()).as("the copy, not the acked delivery").isEqualTo(2);
    assertThat(registry.release(first, true)).as("nothing left to ack after the result").isNull();
  }

  @Test
  void anotherAttemptOfTheSameTaskIsNoDuplicate() {
    var taskId = UUID.randomUUID();
    registry.admit(attempt(taskId, 1), delivery(1));

    assertThat(registry.admit(attempt(taskId, 2), delivery(2)).verdict()).isEqualTo(Verdict.RUN);
    assertThat(registry.runningTaskIds()).containsExactly(taskId);
  }

  @Test
  void duplicateOfConfirmedAttemptIsAckedWithoutRunning() {
    var taskId = UUID.randomUUID();
    var first = attempt(taskId, 1);
    registry.admit(first, delivery(1));
    registry.release(first, true);

    var duplicate = registry.admit(attempt(taskId, 1), delivery(2));

    assertThat(duplicate.verdict()).isEqualTo(Verdict.DUPLICATE_OF_FINISHED);
    assertThat(duplicate.toAck().tag()).isEqualTo(2);
  }

  @Test
  void attemptReleasedWithoutConfirmedResultRunsAgain() {
    var taskId = UUID.randomUUID();
    var first = attempt(taskId, 1);
    registry.admit(first, delivery(1));
    registry.release(first, false);

    assertThat(registry.admit(attempt(taskId, 1), delivery(2)).verdict()).isEqualTo(Verdict.RUN);
  }

  @Test
  void memoryOfFinishedAttemptsIsBounded() {
    var oldest = attempt(UUID.randomUUID(), 1);
    for (var a :
        new Attempt[] {oldest, attempt(UUID.randomUUID(), 1), attempt(UUID.randomUUID(), 1)}) {
      registry.admit(a, delivery(1));
      registry.release(a, true);
    }

    assertThat(registry.admit(attempt(oldest.taskId(), 1), delivery(9)).verdict())
        .isEqualTo(Verdict.RUN);
  }

  @Test
  void findsRunningAttemptsByMessageId() {
    var a = attempt(UUID.randomUUID(), 4);
    registry.admit(a, delivery(1));

    assertThat(registry.find(a.taskId() + ":4")).isSameAs(a);
    assertThat(registry.find(a.taskId() + ":3")).isNull();
    registry.release(a, true);
    assertThat(registry.find(a.taskId() + ":4")).isNull();
  }
}
