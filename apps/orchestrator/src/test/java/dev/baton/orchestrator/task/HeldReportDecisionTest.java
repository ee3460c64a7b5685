package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reports of HTTP pull workers count only from the worker holding the attempt. */
class HeldReportDecisionTest {

  private final TaskStateMachine machine = new TaskStateMachine();

  private static final List<Class<? extends TaskEvent>> REPORTS =
      List.of(
          TaskEvent.Running.class,
          TaskEvent.Progress.class,
          TaskEvent.Completed.class,
          TaskEvent.Failed.class);

  @ParameterizedTest
  @EnumSource(
      value = TaskStatus.class,
      names = {"ASSIGNED", "RUNNING"})
  void holderDecidesLikeAnyWorker(TaskStatus status) {
    var state = new TaskState(status, 2, 3, "w1");
    for (var kind : REPORTS) {
      var report = TaskEvents.of(kind, 2, "w1");
      assertThat(machine.decideHeldReport(state, report))
          .as("%s from the holder in %s", kind.getSimpleName(), status)
          .isEqualTo(machine.decide(state, report));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TaskStatus.class,
      names = {"SCHEDULED", "SUBMITTED", "QUEUED", "RETRYING"})
  void reportAboutAnAttemptNobodyHoldsIsIgnored(TaskStatus status) {
    var state = new TaskState(status, 1, 3, null);
    for (var kind : REPORTS) {
      var decision = machine.decideHeldReport(state, TaskEvents.of(kind, 1, "w1"));

      assertThat(decision.kind())
          .as("%s in %s", kind.getSimpleName(), status)
          .isEqualTo(Decision.Kind.IGNORE);
      assertThat(decision.reason())
          .isEqualTo("attempt 1 is not held by worker w1 (task is " + status + "); claim it first");
      assertThat(decision.followUps()).isEmpty();
    }
  }

  @Test
  void anotherWorkersReportIsIgnoredAsHeldByTheHolder() {
    var decision =
        machine.decideHeldReport(
            new TaskState(TaskStatus.RUNNING, 1, 3, "w1"),
            new TaskEvent.Completed(1, "w2", "{}", null, false));

    assertThat(decision.kind()).isEqualTo(Decision.Kind.IGNORE);
    assertThat(decision.reason()).isEqualTo("attempt 1 is held by worker w1, not w2");
  }

  @Test
  void aHeldReportNeverTakesOver() {
    var decision =
        machine.decideHeldReport(
            new TaskState(TaskStatus.RUNNING, 1, 3, "w1"),
            new TaskEvent.Completed(1, "w2", "{}", null, true));

    assertThat(decision.reason()).isEqualTo("attempt 1 is held by worker w1, not w2");
  }

  @Test
  void staleAttemptAndTerminalTaskKeepTheirReasons() {
    var stale =
        machine.decideHeldReport(
            new TaskState(TaskStatus.RUNNING, 2, 3, "w1"),
            new TaskEvent.Completed(1, "w1", "{}", null, false));
    var done =
        machine.decideHeldReport(
            new TaskState(TaskStatus.COMPLETED, 1, 3, "w1"),
            new TaskEvent.Completed(1, "w1", "{}", null, false));

    assertThat(stale.reason()).isEqualTo("event for attempt 1, current attempt is 2");
    assertThat(done.reason()).isEqualTo("task is already COMPLETED");
  }
}
