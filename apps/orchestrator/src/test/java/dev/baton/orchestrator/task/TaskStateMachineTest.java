package dev.baton.orchestrator.task;

import static dev.baton.orchestrator.task.TaskEvents.KINDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guards the state machine applies before the table (stale attempt, held by another worker, a
 * redelivery's take-over, a stop for an ignored receiver), for every state and kind of event. The
 * table itself is specified by {@link TaskTransitionTableTest}.
 */
class TaskStateMachineTest {

  private static final List<Class<? extends TaskEvent>> REPORTS =
      List.of(
          TaskEvent.Assigned.class,
          TaskEvent.Claimed.class,
          TaskEvent.Running.class,
          TaskEvent.Progress.class,
          TaskEvent.Completed.class,
          TaskEvent.Failed.class);

  private final TaskStateMachine machine = new TaskStateMachine();
  private final TaskTransitionTable table = new TaskTransitionTable();

  static Stream<Arguments> everyPair() {
    return Stream.of(TaskStatus.values())
        .flatMap(s -> KINDS.stream().map(k -> Arguments.of(s, k.getSimpleName(), k)));
  }

  private static TaskState state(TaskStatus status, int attempt, String holder) {
    return new TaskState(status, attempt, 3, status.isWithWorker() ? holder : null);
  }

  /** The holder's events about the current attempt are decided by the table alone. */
  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyPair")
  void eventsOfTheHolderAboutTheCurrentAttemptAreTheTables(
      TaskStatus status, String name, Class<? extends TaskEvent> kind) {
    var state = state(status, 2, "w1");
    var event = TaskEvents.of(kind, 2, "w1");

    var decision = machine.decide(state, event);

    var byTable = table.decide(state, event);
    if (event.kind() == Trigger.WORKER_ASSIGNED && status.isTerminal()) {
      // A worker that received an ended task's dispatch is told to stop.
      assertThat(decision).isEqualTo(byTable.also(FollowUp.STOP_REPORTER));
    } else {
      assertThat(decision).isEqualTo(byTable);
    }
  }

  /** Stale or future attempts are ignored; an ended task answers as ended; commands are not. */
  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyPair")
  void eventsForAnotherAttemptAreIgnoredInEveryState(
      TaskStatus status, String name, Class<? extends TaskEvent> kind) {
    for (int other : new int[] {1, 3}) {
      var state = state(status, 2, "w1");
      var event = TaskEvents.of(kind, other, "w1");

      var decision = machine.decide(state, event);

      if (!event.kind().concernsAnAttempt()) {
        assertThat(decision).isEqualTo(table.decide(state, event));
      } else if (status.isTerminal()) {
        assertThat(decision.kind()).isEqualTo(Decision.Kind.IGNORE);
        assertThat(decision.reason()).isEqualTo("task is already " + status);
      } else {
        assertThat(decision.kind()).isEqualTo(Decision.Kind.IGNORE);
        assertThat(decision.reason())
            .isEqualTo("event for attempt " + other + ", current attempt is 2");
      }
    }
  }

  /** Once a worker holds an attempt, another worker's reports about it count for nothing. */
  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyPair")
  void reportsOfAnotherWorkerAboutAHeldAttemptAreIgnored(
      TaskStatus status, String name, Class<? extends TaskEvent> kind) {
    var state = state(status, 1, "worker-a");
    var event = TaskEvents.of(kind, 1, "worker-b");

    var decision = machine.decide(state, event);

    if (event.kind().isWorkerReport() && status.isWithWorker()) {
      assertThat(decision.kind()).isEqualTo(Decision.Kind.IGNORE);
      assertThat(decision.reason()).isEqualTo("attempt 1 is held by worker worker-a, not worker-b");
    } else if (event.kind() == Trigger.WORKER_ASSIGNED && !decision.applied()) {
      assertThat(decision).isEqualTo(table.decide(state, event).also(FollowUp.STOP_REPORTER));
    } else {
      // Not a worker's report (the sweeper names the holder), or nobody holds the attempt.
      assertThat(decision).isEqualTo(table.decide(state, event));
    }
  }

  @Test
  void aReceiverWhoseReceiptIsIgnoredIsToldToStop() {
    var heldByA = new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a");

    var byB = machine.decide(heldByA, new TaskEvent.Assigned(1, "worker-b", null, false));
    var claimByB = machine.decide(heldByA, new TaskEvent.Claimed(1, "worker-b"));
    var stale = machine.decide(heldByA, new TaskEvent.Assigned(0, "worker-a", null, false));
    var byA = machine.decide(heldByA, new TaskEvent.Assigned(1, "worker-a", null, false));
    var cancelled =
        machine.decide(
            new TaskState(TaskStatus.CANCELLED, 1, 3, "worker-a"),
            new TaskEvent.Assigned(1, "worker-b", null, false));

    assertThat(byB.followUps()).containsExactly(FollowUp.STOP_REPORTER);
    assertThat(claimByB.followUps()).containsExactly(FollowUp.STOP_REPORTER);
    assertThat(cancelled.followUps()).containsExactly(FollowUp.STOP_REPORTER);
    // Its own duplicate receipt or a stale one: it holds the attempt, so nothing to stop.
    assertThat(stale.followUps()).isEmpty();
    assertThat(byA.followUps()).isEmpty();
  }

  @Test
  void theSweepersEventsNameTheHolderAndApply() {
    var held = new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a");

    var lost = machine.decide(held, new TaskEvent.WorkerLost(1, "worker-a", null));
    var timedOut = machine.decide(held, new TaskEvent.TimedOut(1, "worker-a", null));

    assertThat(lost.to()).isEqualTo(TaskStatus.RETRYING);
    assertThat(timedOut.followUps())
        .containsExactly(FollowUp.DISPATCH_AFTER_BACKOFF, FollowUp.STOP_HOLDER);
  }

  @Test
  void anUnheldAttemptIsAssignedToAnyWorker() {
    var decision =
        machine.decide(
            new TaskState(TaskStatus.QUEUED, 1, 3, null),
            new TaskEvent.Assigned(1, "worker-b", null, false));

    assertThat(decision.to()).isEqualTo(TaskStatus.ASSIGNED);
    assertThat(decision.operation()).isEqualTo(TaskOperation.ASSIGN);
  }

  @Test
  void reportOfARedeliveredDispatchTakesTheAttemptOverFromItsHolder() {
    for (var kind : REPORTS) {
      for (var status : List.of(TaskStatus.ASSIGNED, TaskStatus.RUNNING)) {
        var held = new TaskState(status, 1, 0, "worker-a");
        var report = TaskEvents.of(kind, 1, "worker-b", true, true);
        if (kind == TaskEvent.Claimed.class) {
          continue; // a claim is no redelivery
        }

        var decision = machine.decide(held, report);

        var asIfQueued = table.decide(new TaskState(TaskStatus.QUEUED, 1, 0), report);
        assertThat(decision.kind()).as("%s while %s", kind, status).isEqualTo(Decision.Kind.APPLY);
        assertThat(decision.to()).isEqualTo(asIfQueued.to());
        assertThat(decision.operation()).isEqualTo(asIfQueued.operation());
        assertThat(decision.followUps()).contains(FollowUp.STOP_FORMER_HOLDER);
        assertThat(decision.followUps()).containsAll(asIfQueued.followUps());
        assertThat(decision.takenOverFrom()).isEqualTo("worker-a");
        assertThat(decision.reason()).contains("taken over from worker worker-a");
      }
    }
  }

  @Test
  void redeliveredReportsDoNotReviveOtherAttemptsOrEndedTasks() {
    var stale =
        machine.decide(
            new TaskState(TaskStatus.RUNNING, 2, 3, "worker-a"),
            new TaskEvent.Completed(1, "worker-b", "{}", null, true));
    var ended =
        machine.decide(
            new TaskState(TaskStatus.COMPLETED, 1, 3, "worker-a"),
            new TaskEvent.Completed(1, "worker-b", "{}", null, true));
    var ownRedelivery =
        machine.decide(
            new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a"),
            new TaskEvent.Completed(1, "worker-a", "{}", null, true));

    assertThat(stale.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(ended.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(ownRedelivery.to()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(ownRedelivery.isTakeOver()).isFalse();
  }

  @Test
  void followUpsAreCarriedOutInTheirDeclaredOrder() {
    var decision =
        machine.decide(
            new TaskState(TaskStatus.RUNNING, 1, 3, "worker-a"),
            new TaskEvent.Failed(1, "worker-b", new TaskError("x", "X", true), null, true));

    assertThat(decision.followUps())
        .containsExactly(FollowUp.STOP_FORMER_HOLDER, FollowUp.DISPATCH_AFTER_BACKOFF);
  }
}
