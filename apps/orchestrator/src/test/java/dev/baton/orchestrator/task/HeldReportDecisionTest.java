package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reports of HTTP pull workers count only from the worker holding the attempt. */
class HeldReportDecisionTest {

  private final TaskStateMachine machine = new TaskStateMachine();

  private static final Trigger[] REPORTS = {
    Trigger.WORKER_RUNNING, Trigger.WORKER_PROGRESS, Trigger.WORKER_COMPLETED, Trigger.WORKER_FAILED
  };

  @ParameterizedTest
  @EnumSource(
      value = TaskStatus.class,
      names = {"ASSIGNED", "RUNNING"})
  void holderDecidesLikeAnyWorker(TaskStatus status) {
    var state = new TaskState(status, 2, 3, "w1");
    for (var trigger : REPORTS) {
      assertThat(machine.decideHeldReport(state, trigger, 2, true, "w1"))
          .as("%s from the holder in %s", trigger, status)
          .isEqualTo(machine.decide(state, trigger, 2, true, "w1"));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TaskStatus.class,
      names = {"SCHEDULED", "SUBMITTED", "QUEUED", "RETRYING"})
  void reportAboutAnAttemptNobodyHoldsIsIgnored(TaskStatus status) {
    var state = new TaskState(status, 1, 3, null);
    for (var trigger : REPORTS) {
      var decision = machine.decideHeldReport(state, trigger, 1, true, "w1");

      assertThat(decision.kind()).as("%s in %s", trigger, status).isEqualTo(Decision.Kind.IGNORE);
      assertThat(decision.reason())
          .isEqualTo("attempt 1 is not held by worker w1 (task is " + status + "); claim it first");
    }
  }

  @Test
  void anotherWorkersReportIsIgnoredAsHeldByTheHolder() {
    var decision =
        machine.decideHeldReport(
            new TaskState(TaskStatus.RUNNING, 1, 3, "w1"), Trigger.WORKER_COMPLETED, 1, true, "w2");

    assertThat(decision.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(decision.reason()).isEqualTo("attempt 1 is held by worker w1, not w2");
  }

  @Test
  void staleAttemptAndTerminalTaskKeepTheirReasons() {
    var stale =
        machine.decideHeldReport(
            new TaskState(TaskStatus.RUNNING, 2, 3, "w1"), Trigger.WORKER_COMPLETED, 1, true, "w1");
    var done =
        machine.decideHeldReport(
            new TaskState(TaskStatus.COMPLETED, 1, 3, "w1"),
            Trigger.WORKER_COMPLETED,
            1,
            true,
            "w1");

    assertThat(stale.reason()).isEqualTo("event for attempt 1, current attempt is 2");
    assertThat(done.reason()).isEqualTo("task is already COMPLETED");
  }
}
