package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, trigger) pair, for an event about the current attempt with attempts left. The table
 * is written out by hand on purpose: it is the specification the machine is checked against.
 */
class TaskStateMachineTest {

  private static final String I = "IGNORE";
  private static final String R = "REJECT";

  /** Columns in {@link Trigger} declaration order. */
  private static final Map<TaskStatus, String[]> EXPECTED = new EnumMap<>(TaskStatus.class);

  // spotless:off
  static {
    //            DISPATCH_CONF ASSIGNED    RUNNING    PROGRESS   COMPLETED    FAILED      TIMED_OUT   LOST        CANCEL       RETRY
    row(TaskStatus.SCHEDULED, "QUEUED", "ASSIGNED", "RUNNING", "RUNNING", "COMPLETED", "RETRYING", I, I, "CANCELLED", R);
    row(TaskStatus.SUBMITTED, "QUEUED", "ASSIGNED", "RUNNING", "RUNNING", "COMPLETED", "RETRYING", I, I, "CANCELLED", R);
    row(TaskStatus.QUEUED, I, "ASSIGNED", "RUNNING", "RUNNING", "COMPLETED", "RETRYING", I, I, "CANCELLED", R);
    row(TaskStatus.ASSIGNED, I, I, "RUNNING", "RUNNING", "COMPLETED", "RETRYING", "RETRYING", "RETRYING", "CANCELLED", R);
    row(TaskStatus.RUNNING, I, I, I, "RUNNING", "COMPLETED", "RETRYING", "RETRYING", "RETRYING", "CANCELLED", R);
    row(TaskStatus.RETRYING, "QUEUED", "ASSIGNED", "RUNNING", "RUNNING", "COMPLETED", "RETRYING", I, I, "CANCELLED", R);
    row(TaskStatus.COMPLETED, I, I, I, I, I, I, I, I, R, R);
    row(TaskStatus.FAILED, I, I, I, I, I, I, I, I, R, "SUBMITTED");
    row(TaskStatus.CANCELLED, I, I, I, I, I, I, I, I, R, "SUBMITTED");
  }

  // spotless:on

  private static void row(TaskStatus status, String... outcomes) {
    EXPECTED.put(status, outcomes);
  }

  private final TaskStateMachine machine = new TaskStateMachine();

  static Stream<Arguments> everyPair() {
    return Arrays.stream(TaskStatus.values())
        .flatMap(s -> Arrays.stream(Trigger.values()).map(t -> Arguments.of(s, t)));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyPair")
  void everyStateAndTriggerPairIsDecidedAsSpecified(TaskStatus status, Trigger trigger) {
    var expected = EXPECTED.get(status)[trigger.ordinal()];

    var decision = machine.decide(new TaskState(status, 2, 3), trigger, 2, true);

    assertThat(describe(decision)).isEqualTo(expected);
    if (!decision.applied()) {
      assertThat(decision.reason()).isNotBlank();
    }
  }

  @Test
  void tableCoversEveryStateAndTrigger() {
    assertThat(EXPECTED).hasSize(TaskStatus.values().length);
    EXPECTED.values().forEach(r -> assertThat(r).hasSize(Trigger.values().length));
  }

  @ParameterizedTest
  @EnumSource(
      value = Trigger.class,
      names = {"CANCEL", "RETRY"},
      mode = EnumSource.Mode.EXCLUDE)
  void eventsForAnotherAttemptAreIgnoredInEveryState(Trigger trigger) {
    for (var status : TaskStatus.values()) {
      assertThat(machine.decide(new TaskState(status, 2, 3), trigger, 1, true).kind())
          .as("%s + stale %s", status, trigger)
          .isEqualTo(Decision.Kind.IGNORE);
      assertThat(machine.decide(new TaskState(status, 2, 3), trigger, 3, true).kind())
          .as("%s + future %s", status, trigger)
          .isEqualTo(Decision.Kind.IGNORE);
    }
  }

  @Test
  void failureOfTheLastAllowedAttemptEndsFailed() {
    var lastAttempt = new TaskState(TaskStatus.RUNNING, 4, 3);

    assertThat(machine.decide(lastAttempt, Trigger.WORKER_FAILED, 4, true).to())
        .isEqualTo(TaskStatus.FAILED);
    assertThat(machine.decide(lastAttempt, Trigger.ATTEMPT_TIMED_OUT, 4, true).to())
        .isEqualTo(TaskStatus.FAILED);
    assertThat(machine.decide(lastAttempt, Trigger.WORKER_LOST, 4, true).to())
        .isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void nonRetryableFailureEndsFailedWithAttemptsLeft() {
    var decision =
        machine.decide(new TaskState(TaskStatus.RUNNING, 1, 3), Trigger.WORKER_FAILED, 1, false);

    assertThat(decision.to()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void reportsOfAnotherWorkerAboutAHeldAttemptAreIgnored() {
    var held = new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a");

    var other = machine.decide(held, Trigger.WORKER_COMPLETED, 1, true, "worker-b");
    var owner = machine.decide(held, Trigger.WORKER_COMPLETED, 1, true, "worker-a");
    var lost = machine.decide(held, Trigger.WORKER_LOST, 1, true, "worker-a");

    assertThat(other.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(other.reason()).contains("held by worker worker-a");
    assertThat(owner.to()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(lost.to()).isEqualTo(TaskStatus.RETRYING);
    assertThat(
            machine
                .decide(
                    new TaskState(TaskStatus.QUEUED, 1, 3, null),
                    Trigger.WORKER_ASSIGNED,
                    1,
                    true,
                    "worker-b")
                .to())
        .isEqualTo(TaskStatus.ASSIGNED);
  }

  @ParameterizedTest
  @EnumSource(
      value = Trigger.class,
      names = {
        "WORKER_ASSIGNED",
        "WORKER_RUNNING",
        "WORKER_PROGRESS",
        "WORKER_COMPLETED",
        "WORKER_FAILED"
      })
  void reportOfARedeliveredDispatchTakesTheAttemptOverFromItsHolder(Trigger report) {
    for (var status : List.of(TaskStatus.ASSIGNED, TaskStatus.RUNNING)) {
      var held = new TaskState(status, 1, 0, "worker-a");

      var decision = machine.decide(held, report, 1, true, "worker-b", true);

      var asIfQueued =
          machine.decide(new TaskState(TaskStatus.QUEUED, 1, 0), report, 1, true, "worker-b");
      assertThat(decision.kind()).as("%s while %s", report, status).isEqualTo(Decision.Kind.APPLY);
      assertThat(decision.to()).isEqualTo(asIfQueued.to());
      assertThat(decision.takenOverFrom()).isEqualTo("worker-a");
      assertThat(decision.reason()).contains("taken over from worker worker-a");
    }
  }

  @Test
  void redeliveredReportsDoNotReviveOtherAttemptsOrEndedTasks() {
    var stale =
        machine.decide(
            new TaskState(TaskStatus.RUNNING, 2, 3, "worker-a"),
            Trigger.WORKER_COMPLETED,
            1,
            true,
            "worker-b",
            true);
    var ended =
        machine.decide(
            new TaskState(TaskStatus.COMPLETED, 1, 3, "worker-a"),
            Trigger.WORKER_COMPLETED,
            1,
            true,
            "worker-b",
            true);
    var ownRedelivery =
        machine.decide(
            new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a"),
            Trigger.WORKER_COMPLETED,
            1,
            true,
            "worker-a",
            true);

    assertThat(stale.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(ended.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(ownRedelivery.to()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(ownRedelivery.isTakeOver()).isFalse();
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    var decision =
        machine.decide(new TaskState(TaskStatus.RUNNING, 1, 0), Trigger.WORKER_FAILED, 1, true);

    assertThat(decision.to()).isEqualTo(TaskStatus.FAILED);
    assertThat(TaskStateMachine.attemptsAllowed(0)).isEqualTo(1);
  }

  private static String describe(Decision decision) {
    return switch (decision.kind()) {
      case APPLY -> decision.to().name();
      case IGNORE -> I;
      case REJECT -> R;
    };
  }
}
