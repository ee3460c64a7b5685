package dev.baton.orchestrator.task;

import static dev.baton.orchestrator.task.FollowUp.DISPATCH;
import static dev.baton.orchestrator.task.FollowUp.DISPATCH_AFTER_BACKOFF;
import static dev.baton.orchestrator.task.FollowUp.STOP_HOLDER;
import static dev.baton.orchestrator.task.FollowUp.WITHDRAW_DISPATCH;
import static dev.baton.orchestrator.task.TaskOperation.ASSIGN;
import static dev.baton.orchestrator.task.TaskOperation.CANCEL;
import static dev.baton.orchestrator.task.TaskOperation.COMPLETE;
import static dev.baton.orchestrator.task.TaskOperation.FAIL;
import static dev.baton.orchestrator.task.TaskOperation.MARK_QUEUED;
import static dev.baton.orchestrator.task.TaskOperation.RECORD_PROGRESS;
import static dev.baton.orchestrator.task.TaskOperation.RESUBMIT;
import static dev.baton.orchestrator.task.TaskOperation.SCHEDULE_RETRY;
import static dev.baton.orchestrator.task.TaskOperation.START;
import static dev.baton.protocol.TaskStatus.ASSIGNED;
import static dev.baton.protocol.TaskStatus.CANCELLED;
import static dev.baton.protocol.TaskStatus.COMPLETED;
import static dev.baton.protocol.TaskStatus.FAILED;
import static dev.baton.protocol.TaskStatus.QUEUED;
import static dev.baton.protocol.TaskStatus.RETRYING;
import static dev.baton.protocol.TaskStatus.RUNNING;
import static dev.baton.protocol.TaskStatus.SCHEDULED;
import static dev.baton.protocol.TaskStatus.SUBMITTED;

import dev.baton.orchestrator.task.TaskEvent.Assigned;
import dev.baton.orchestrator.task.TaskEvent.Cancel;
import dev.baton.orchestrator.task.TaskEvent.Claimed;
import dev.baton.orchestrator.task.TaskEvent.Completed;
import dev.baton.orchestrator.task.TaskEvent.DispatchConfirmed;
import dev.baton.orchestrator.task.TaskEvent.Failed;
import dev.baton.orchestrator.task.TaskEvent.Progress;
import dev.baton.orchestrator.task.TaskEvent.Retry;
import dev.baton.orchestrator.task.TaskEvent.Running;
import dev.baton.orchestrator.task.TaskEvent.TimedOut;
import dev.baton.orchestrator.task.TaskEvent.WorkerLost;
import dev.baton.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every transition of a task in one table: (from-state, event) → to-state, the named {@link Task}
 * operation that carries it out and the outbox {@link FollowUp}s it needs — or why the event is
 * ignored or rejected. The first row that matches the event, the state and the row's condition
 * decides. Pure data: {@link TaskStateMachine} applies the guards that are not about the state
 * (stale attempt, held by another worker) before it, and {@code TaskTransitionTableTest} checks
 * every (state, event) pair against it.
 */
final class TaskTransitionTable {

  /** A condition of a row beside the state; only failures have one. */
  enum Condition {
    ALWAYS,
    /** The failure allows another attempt, and one is left. */
    RETRY_ALLOWED
  }

  /** What a row decides. */
  sealed interface Outcome {}

  /** Move to {@code to} by {@code operation}, then write {@code followUps}. */
  record Move(TaskStatus to, TaskOperation operation, Set<FollowUp> followUps) implements Outcome {}

  /** Ignore (an event that changes nothing); {@code reason} may name the state with %s. */
  record Ignore(String reason) implements Outcome {}

  /** Refuse (a command not allowed in this state); {@code reason} may name the state with %s. */
  record Reject(String reason) implements Outcome {}

  record Row(
      Class<? extends TaskEvent> on, Set<TaskStatus> from, Condition when, Outcome outcome) {}

  private static final Set<TaskStatus> AWAITING_DISPATCH =
      EnumSet.of(SCHEDULED, SUBMITTED, RETRYING);
  private static final Set<TaskStatus> WAITING = EnumSet.of(SCHEDULED, SUBMITTED, QUEUED, RETRYING);
  private static final Set<TaskStatus> WITH_WORKER = EnumSet.of(ASSIGNED, RUNNING);
  private static final Set<TaskStatus> ACTIVE =
      EnumSet.complementOf(EnumSet.of(COMPLETED, FAILED, CANCELLED));
  private static final Set<TaskStatus> ENDED = EnumSet.of(COMPLETED, FAILED, CANCELLED);

  private static final Ignore ALREADY = new Ignore("duplicate or out of order: task is already %s");
  private static final Ignore ENDED_ALREADY = new Ignore("task is already %s");

  // spotless:off
  private static final List<Row> ROWS = List.of(
      // event                   from                              when           outcome
      row(DispatchConfirmed.class, AWAITING_DISPATCH,                move(QUEUED, MARK_QUEUED)),
      row(DispatchConfirmed.class, EnumSet.of(QUEUED, ASSIGNED, RUNNING), ALREADY),
      row(DispatchConfirmed.class, ENDED,                            ENDED_ALREADY),

      // A worker's report may overtake the confirm of the dispatch: it proves the dispatch arrived.
      row(Assigned.class,          WAITING,                          move(ASSIGNED, ASSIGN)),
      row(Assigned.class,          WITH_WORKER,                      ALREADY),
      row(Assigned.class,          ENDED,                            ENDED_ALREADY),

      // A claimed attempt's dispatch, if not published yet, must not reach an AMQP worker.
      row(Claimed.class,           EnumSet.of(QUEUED),               move(ASSIGNED, ASSIGN)),
      row(Claimed.class,           AWAITING_DISPATCH,                move(ASSIGNED, ASSIGN, WITHDRAW_DISPATCH)),
      row(Claimed.class,           WITH_WORKER,                      ALREADY),
      row(Claimed.class,           ENDED,                            ENDED_ALREADY),

      row(Running.class,           EnumSet.of(SCHEDULED, SUBMITTED, QUEUED, ASSIGNED, RETRYING), move(RUNNING, START)),
      row(Running.class,           EnumSet.of(RUNNING),              new Ignore("duplicate: task is already RUNNING")),
      row(Running.class,           ENDED,                            ENDED_ALREADY),

      row(Progress.class,          EnumSet.of(SCHEDULED, SUBMITTED, QUEUED, ASSIGNED, RETRYING), move(RUNNING, START)),
      row(Progress.class,          EnumSet.of(RUNNING),              move(RUNNING, RECORD_PROGRESS)),
      row(Progress.class,          ENDED,                            ENDED_ALREADY),

      row(Completed.class,         ACTIVE,                           move(COMPLETED, COMPLETE)),
      row(Completed.class,         ENDED,                            ENDED_ALREADY),

      row(Failed.class,            ACTIVE, Condition.RETRY_ALLOWED,  move(RETRYING, SCHEDULE_RETRY, DISPATCH_AFTER_BACKOFF)),
      row(Failed.class,            ACTIVE,                           move(FAILED, FAIL)),
      row(Failed.class,            ENDED,                            ENDED_ALREADY),

      row(TimedOut.class,          WITH_WORKER, Condition.RETRY_ALLOWED, move(RETRYING, SCHEDULE_RETRY, DISPATCH_AFTER_BACKOFF, STOP_HOLDER)),
      row(TimedOut.class,          WITH_WORKER,                      move(FAILED, FAIL, STOP_HOLDER)),
      row(TimedOut.class,          WAITING,                          new Ignore("attempt is not with a worker (%s)")),
      row(TimedOut.class,          ENDED,                            ENDED_ALREADY),

      row(WorkerLost.class,        WITH_WORKER, Condition.RETRY_ALLOWED, move(RETRYING, SCHEDULE_RETRY, DISPATCH_AFTER_BACKOFF, STOP_HOLDER)),
      row(WorkerLost.class,        WITH_WORKER,                      move(FAILED, FAIL, STOP_HOLDER)),
      row(WorkerLost.class,        WAITING,                          new Ignore("attempt is not with a worker (%s)")),
      row(WorkerLost.class,        ENDED,                            ENDED_ALREADY),

      // A dispatch not yet published (scheduled, or waiting for its retry backoff) must not go out.
      row(Cancel.class,            WAITING,                          move(CANCELLED, CANCEL, WITHDRAW_DISPATCH)),
      row(Cancel.class,            WITH_WORKER,                      move(CANCELLED, CANCEL, WITHDRAW_DISPATCH, STOP_HOLDER)),
      row(Cancel.class,            ENDED,                            new Reject("task is %s; only non-terminal tasks can be cancelled")),

      row(Retry.class,             EnumSet.of(FAILED, CANCELLED),    move(SUBMITTED, RESUBMIT, DISPATCH)),
      row(Retry.class,             EnumSet.of(SCHEDULED, SUBMITTED, QUEUED, ASSIGNED, RUNNING, RETRYING, COMPLETED),
          new Reject("task is %s; only FAILED or CANCELLED tasks can be retried")));
  // spotless:on

  private final Map<Class<? extends TaskEvent>, List<Row>> byEvent = new LinkedHashMap<>();

  TaskTransitionTable() {
    for (var row : ROWS) {
      byEvent.computeIfAbsent(row.on(), e -> new ArrayList<>()).add(row);
    }
  }

  /** The rows, in the order they are consulted. */
  static List<Row> rows() {
    return ROWS;
  }

  /** What the table says of {@code event} for a task in {@code state}. */
  Decision decide(TaskState state, TaskEvent event) {
    for (var row : byEvent.getOrDefault(event.getClass(), List.of())) {
      if (row.from().contains(state.status()) && holds(row.when(), state, event)) {
        return decision(row.outcome(), state.status());
      }
    }
    throw new IllegalStateException(
        "no transition for " + event.getClass().getSimpleName() + " in " + state.status());
  }

  private static boolean holds(Condition condition, TaskState state, TaskEvent event) {
    return switch (condition) {
      case ALWAYS -> true;
      case RETRY_ALLOWED ->
          event.retryable()
              && state.attempt() < TaskStateMachine.attemptsAllowed(state.maxRetries());
    };
  }

  private static Decision decision(Outcome outcome, TaskStatus status) {
    if (outcome instanceof Move move) {
      return Decision.apply(move.to(), move.operation(), move.followUps());
    }
    if (outcome instanceof Ignore ignore) {
      return Decision.ignore(ignore.reason().formatted(status));
    }
    return Decision.reject(((Reject) outcome).reason().formatted(status));
  }

  private static Row row(Class<? extends TaskEvent> on, Set<TaskStatus> from, Outcome outcome) {
    return new Row(on, from, Condition.ALWAYS, outcome);
  }

  private static Row row(
      Class<? extends TaskEvent> on, Set<TaskStatus> from, Condition when, Outcome outcome) {
    return new Row(on, from, when, outcome);
  }

  private static Move move(TaskStatus to, TaskOperation operation, FollowUp... followUps) {
    var all = EnumSet.noneOf(FollowUp.class);
    all.addAll(List.of(followUps));
    return new Move(to, operation, all);
  }
}
