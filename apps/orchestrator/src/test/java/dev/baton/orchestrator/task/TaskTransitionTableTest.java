package dev.baton.orchestrator.task;

import static dev.baton.orchestrator.task.TaskEvents.KINDS;
import static dev.baton.orchestrator.task.TaskEvents.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, event) pair of the transition table: to-state, the {@link Task} operation and the
 * outbox follow-ups, or why the event is ignored or rejected. The expected table is written out by
 * hand on purpose: it is the specification the table is checked against. Events are about the
 * current attempt, with attempts left (see {@link #failuresOfTheLastAttemptFail} for the others).
 */
class TaskTransitionTableTest {

  // Reasons, with %s for the state.
  private static final String DUP = "ignore: duplicate or out of order: task is already %s";
  private static final String END = "ignore: task is already %s";
  private static final String RUN = "ignore: duplicate: task is already RUNNING";
  private static final String NOW = "ignore: attempt is not with a worker (%s)";
  private static final String NOC = "reject: task is %s; only non-terminal tasks can be cancelled";
  private static final String NOR =
      "reject: task is %s; only FAILED or CANCELLED tasks can be retried";

  // Moves.
  private static final String QUE = "QUEUED MARK_QUEUED";
  private static final String ASG = "ASSIGNED ASSIGN";
  private static final String CLM = "ASSIGNED ASSIGN WITHDRAW_DISPATCH";
  private static final String STA = "RUNNING START";
  private static final String PRG = "RUNNING RECORD_PROGRESS";
  private static final String CPL = "COMPLETED COMPLETE";
  private static final String RTY = "RETRYING SCHEDULE_RETRY DISPATCH_AFTER_BACKOFF";
  private static final String ABN = "RETRYING SCHEDULE_RETRY DISPATCH_AFTER_BACKOFF STOP_HOLDER";
  private static final String CNW = "CANCELLED CANCEL WITHDRAW_DISPATCH";
  private static final String CNH = "CANCELLED CANCEL WITHDRAW_DISPATCH STOP_HOLDER";
  private static final String RSB = "SUBMITTED RESUBMIT DISPATCH";

  /** Columns in {@link TaskEvents#KINDS} order. */
  private static final Map<TaskStatus, String[]> EXPECTED = new EnumMap<>(TaskStatus.class);

  // spotless:off
  static {
    //                         CONFIRMED ASSIGNED CLAIMED RUNNING PROGRESS COMPLETED FAILED TIMED_OUT LOST CANCEL RETRY
    row(TaskStatus.SCHEDULED,  QUE,      ASG,     CLM,    STA,    STA,     CPL,      RTY,   NOW,      NOW, CNW,   NOR);
    row(TaskStatus.SUBMITTED,  QUE,      ASG,     CLM,    STA,    STA,     CPL,      RTY,   NOW,      NOW, CNW,   NOR);
    row(TaskStatus.QUEUED,     DUP,      ASG,     ASG,    STA,    STA,     CPL,      RTY,   NOW,      NOW, CNW,   NOR);
    row(TaskStatus.ASSIGNED,   DUP,      DUP,     DUP,    STA,    STA,     CPL,      RTY,   ABN,      ABN, CNH,   NOR);
    row(TaskStatus.RUNNING,    DUP,      DUP,     DUP,    RUN,    PRG,     CPL,      RTY,   ABN,      ABN, CNH,   NOR);
    row(TaskStatus.RETRYING,   QUE,      ASG,     CLM,    STA,    STA,     CPL,      RTY,   NOW,      NOW, CNW,   NOR);
    row(TaskStatus.COMPLETED,  END,      END,     END,    END,    END,     END,      END,   END,      END, NOC,   NOR);
    row(TaskStatus.FAILED,     END,      END,     END,    END,    END,     END,      END,   END,      END, NOC,   RSB);
    row(TaskStatus.CANCELLED,  END,      END,     END,    END,    END,     END,      END,   END,      END, NOC,   RSB);
  }
  // spotless:on

  private static void row(TaskStatus status, String... outcomes) {
    EXPECTED.put(status, outcomes);
  }

  private final TaskTransitionTable table = new TaskTransitionTable();

  static Stream<Arguments> everyPair() {
    return Arrays.stream(TaskStatus.values())
        .flatMap(s -> KINDS.stream().map(k -> Arguments.of(s, k.getSimpleName(), k)));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyPair")
  void everyStateAndEventPairIsDecidedAsSpecified(
      TaskStatus status, String name, Class<? extends TaskEvent> kind) {
    var expected = EXPECTED.get(status)[KINDS.indexOf(kind)].formatted(status);

    var decision = table.decide(new TaskState(status, 2, 3), TaskEvents.of(kind, 2, "w1"));

    assertThat(describe(decision)).isEqualTo(expected);
  }

  @Test
  void theSpecificationCoversEveryStateAndEveryKindOfEvent() {
    assertThat(EXPECTED).hasSize(TaskStatus.values().length);
    EXPECTED.values().forEach(r -> assertThat(r).hasSize(KINDS.size()));
    assertThat(KINDS.toArray())
        .containsExactlyInAnyOrder((Object[]) TaskEvent.class.getPermittedSubclasses());
  }

  @Test
  void failuresOfTheLastAttemptFail() {
    var lastAttempt = new TaskState(TaskStatus.RUNNING, 4, 3);

    assertThat(describe(table.decide(lastAttempt, TaskEvents.of(TaskEvent.Failed.class, 4, "w1"))))
        .isEqualTo("FAILED FAIL");
    assertThat(
            describe(table.decide(lastAttempt, TaskEvents.of(TaskEvent.TimedOut.class, 4, "w1"))))
        .isEqualTo("FAILED FAIL STOP_HOLDER");
    assertThat(
            describe(table.decide(lastAttempt, TaskEvents.of(TaskEvent.WorkerLost.class, 4, "w1"))))
        .isEqualTo("FAILED FAIL STOP_HOLDER");
  }

  @Test
  void aFailureThatAllowsNoRetryFailsWithAttemptsLeft() {
    for (var status : List.of(TaskStatus.QUEUED, TaskStatus.ASSIGNED, TaskStatus.RUNNING)) {
      var decision =
          table.decide(
              new TaskState(status, 1, 3),
              TaskEvents.of(TaskEvent.Failed.class, 1, "w1", false, false));

      assertThat(describe(decision)).as("in %s", status).isEqualTo("FAILED FAIL");
    }
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    var decision =
        table.decide(
            new TaskState(TaskStatus.RUNNING, 1, 0), TaskEvents.of(TaskEvent.Failed.class, 1, "w"));

    assertThat(decision.to()).isEqualTo(TaskStatus.FAILED);
    assertThat(TaskStateMachine.attemptsAllowed(0)).isEqualTo(1);
  }

  /** A row that no pair reaches is dead: a mistake in the order of the rows. */
  @Test
  void everyRowDecidesSomePair() {
    var used = new HashSet<TaskTransitionTable.Row>();
    for (var status : TaskStatus.values()) {
      for (var kind : KINDS) {
        for (int attempt : new int[] {1, 4}) {
          for (boolean retryable : new boolean[] {true, false}) {
            var state = new TaskState(status, attempt, 3);
            var event = TaskEvents.of(kind, attempt, "w1", retryable, false);
            TaskTransitionTable.rows().stream()
                .filter(r -> r.on() == kind && r.from().contains(status))
                .filter(r -> matches(r, state, event))
                .findFirst()
                .ifPresent(used::add);
          }
        }
      }
    }
    assertThat(TaskTransitionTable.rows()).allMatch(used::contains, "is used");
  }

  /**
   * Each row names every state it applies to once per event: no two rows overlap unconditionally.
   */
  @Test
  void rowsOfAnEventDoNotOverlapExceptByCondition() {
    for (var kind : KINDS) {
      for (var status : TaskStatus.values()) {
        var rows =
            TaskTransitionTable.rows().stream()
                .filter(r -> r.on() == kind && r.from().contains(status))
                .toList();
        assertThat(
                rows.stream().filter(r -> r.when() == TaskTransitionTable.Condition.ALWAYS).count())
            .as("%s in %s", kind.getSimpleName(), status)
            .isEqualTo(1);
      }
    }
  }

  private static boolean matches(TaskTransitionTable.Row row, TaskState state, TaskEvent event) {
    return switch (row.when()) {
      case ALWAYS -> true;
      case RETRY_ALLOWED ->
          event.retryable()
              && state.attempt() < TaskStateMachine.attemptsAllowed(state.maxRetries());
    };
  }
}
