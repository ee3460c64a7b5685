package dev.baton.orchestrator.task;

import dev.baton.orchestrator.task.TaskHistoryEntry.Outcome;
import dev.baton.protocol.ControlMessage;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one service through which a task changes state: decides an event with {@link
 * TaskStateMachine}, carries out the row's {@link TaskOperation} on the task, records the history
 * row, and writes the row's {@link FollowUp}s to the outbox (the next attempt's dispatch, a cancel
 * for a worker) — all in the caller's transaction.
 */
@Service
public class TaskTransitions {

  private static final Logger log = LoggerFactory.getLogger(TaskTransitions.class);

  /** Bound to a transaction once it has woken the relay (see {@link #outboxWritten}). */
  private static final Object OUTBOX_WRITTEN = new Object();

  @PersistenceContext private EntityManager entityManager;
  private final TaskRepository tasks;
  private final OutboxRepository outbox;
  private final TaskStateMachine machine = new TaskStateMachine();
  private final ProtocolCodec codec;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final RetryBackoff backoff;
  private final StatusCounts counts;
  private final RowTransitions rows;
  private final RowInserts inserts;
  private final CommittedTransitions committed;

  public TaskTransitions(
      TaskRepository tasks,
      OutboxRepository outbox,
      ProtocolCodec codec,
      ApplicationEventPublisher events,
      Clock clock,
      RetryBackoff backoff,
      StatusCounts counts,
      RowTransitions rows,
      RowInserts inserts,
      CommittedTransitions committed) {
    this.inserts = inserts;
    this.committed = committed;
    this.counts = counts;
    this.rows = rows;
    this.tasks = tasks;
    this.outbox = outbox;
    this.codec = codec;
    this.events = events;
    this.clock = clock;
    this.backoff = backoff;
  }

  /**
   * Persists a new task with its first dispatch in the outbox, in the caller's transaction (called
   * only by {@link TaskSubmissions}, within {@code submit}'s or a batch's): package-private and not
   * {@code @Transactional}, so a batch of submissions does not pass the transaction interceptor
   * once more per task.
   */
  Task create(NewTask spec) {
    var now = clock.instant();
    var task = Task.submitted(spec, now);
    // As JDBC batches at commit, not entities: nothing reads these rows before then (an
    // idempotency lookup flushes them first, see TaskSubmissions.store).
    inserts.task(task);
    counts.record(task.tenantId(), null, task.status());
    inserts.history(TaskHistoryEntry.created(task, now));
    inserts.outbox(dispatchOf(task, now));
    outboxWritten();
    committed.add(TaskTransitioned.of(task, null));
    return task;
  }

  /**
   * Persists a task imported from an earlier store, with one history row saying where it came from;
   * a non-terminal one starts over as {@code SUBMITTED} with its dispatch in the outbox (see {@link
   * Task#imported}).
   *
   * @return the task, or empty when a task with its id exists already (nothing is changed)
   */
  @Transactional
  public Optional<Task> importTask(ImportedTask spec) {
    if (tasks.existsById(spec.id().toString())) {
      return Optional.empty();
    }
    var now = clock.instant();
    var task = insert(Task.imported(spec, now));
    counts.record(task.tenantId(), null, task.status());
    var detail = "imported from legacy status '" + spec.legacyStatus() + "'";
    if (!spec.status().isTerminal()) {
      detail +=
          " ("
              + spec.status()
              + (spec.workerId() == null ? "" : ", legacy worker " + spec.workerId())
              + "); runs again as attempt 1";
    }
    insert(
        new TaskHistoryEntry(
            task.id().toString(),
            task.attempt(),
            null,
            null,
            task.status(),
            Outcome.APPLIED,
            null,
            task.workerId(),
            detail,
            now));
    if (task.status() == TaskStatus.SUBMITTED) {
      enqueueDispatch(task, now);
    }
    return Optional.of(task);
  }

  /**
   * Loads tasks into the caller's transaction with one query, so that applying a batch of triggers
   * to them finds each task there instead of issuing one SELECT per trigger.
   */
  private void preload(Collection<UUID> taskIds) {
    if (!taskIds.isEmpty()) {
      tasks.findAllById(taskIds.stream().distinct().map(UUID::toString).toList());
    }
  }

  /**
   * Decides and applies a batch of events, in order, in the caller's transaction. The plain
   * dispatch confirms and results, and the events the table ignores, are written together as row
   * updates and history rows ({@link RowTransitions}); the others, and every event of a task that
   * has several in the batch, go one by one through {@link #apply}, with their tasks loaded by one
   * query.
   */
  @Transactional
  public void applyAll(List<TargetedEvent> batch) {
    var now = clock.instant();
    var rest = new ArrayList<TargetedEvent>();
    for (var w : rows.write(batch, now, rest)) {
      var before = w.before();
      var from = before.state().status();
      var to = w.decision().applied() ? w.decision().to() : from;
      inserts.history(
          historyRow(before.id(), w.event().attempt(), w.event(), from, to, w.decision(), now));
      if (to != from) {
        counts.record(before.tenantId(), from, to);
        committed.add(
            new TaskTransitioned(
                before.type(),
                from,
                to,
                before.createdAt(),
                w.queuedAt(),
                w.startedAt(),
                to.isTerminal() ? now : null));
      }
    }
    if (!rest.isEmpty()) {
      preload(rest.stream().map(TargetedEvent::taskId).toList());
      rest.forEach(e -> apply(e.taskId(), e.event(), false));
    }
  }

  /**
   * Decides and applies one event to one task.
   *
   * @return the result, or empty when no such task exists
   */
  @Transactional
  public Optional<TransitionResult> apply(UUID taskId, TaskEvent event) {
    return apply(taskId, event, false);
  }

  /**
   * Like {@link #apply}, for the report of a worker that must hold the attempt to report on it (an
   * HTTP pull worker, which claims before it works): see {@link TaskStateMachine#decideHeldReport}.
   */
  @Transactional
  public Optional<TransitionResult> applyHeldReport(UUID taskId, TaskEvent event) {
    return apply(taskId, event, true);
  }

  private Optional<TransitionResult> apply(UUID taskId, TaskEvent event, boolean held) {
    var found = tasks.findById(taskId.toString());
    if (found.isEmpty()) {
      log.debug("{} for unknown task {} ignored", event.kind(), taskId);
      return Optional.empty();
    }
    var task = found.get();
    var state = task.state();
    var decision = held ? machine.decideHeldReport(state, event) : machine.decide(state, event);
    // Commands (cancel, retry) concern whatever attempt is current.
    int attempt = event.kind().concernsAnAttempt() ? event.attempt() : task.attempt();
    var now = clock.instant();
    var from = task.status();
    var holder = task.workerId();
    if (decision.applied()) {
      task.carryOut(decision, event, now);
    }
    if (!decision.applied() || decision.operation().recordsHistory() || decision.isTakeOver()) {
      insert(historyRow(task.id().toString(), attempt, event, from, task.status(), decision, now));
    }
    for (var followUp : decision.followUps()) {
      followUp(followUp, task, event, decision, holder, attempt, now);
    }
    if (task.status() != from) {
      counts.record(task.tenantId(), from, task.status());
      committed.add(TaskTransitioned.of(task, from));
    }
    return Optional.of(new TransitionResult(task, decision));
  }

  private static TaskHistoryEntry historyRow(
      String taskId,
      int attempt,
      TaskEvent event,
      TaskStatus from,
      TaskStatus to,
      Decision decision,
      Instant now) {
    var outcome =
        switch (decision.kind()) {
          case APPLY -> Outcome.APPLIED;
          case IGNORE -> Outcome.IGNORED;
          case REJECT -> Outcome.REJECTED;
        };
    // An applied change tells its error, if any; an ignored or rejected one only its note.
    var detail =
        decision.applied() && event.error() != null
            ? event.error().type() + ": " + event.error().message()
            : event.message();
    return new TaskHistoryEntry(
        taskId,
        attempt,
        event.kind(),
        from,
        to,
        outcome,
        decision.reason(),
        event.workerId(),
        detail,
        now);
  }

  /**
   * The broker lost the dispatch of a {@code QUEUED} task (its queue was deleted with the message
   * in it): writes the same attempt's dispatch to the outbox again, with a history row saying why.
   * A copy that was not lost after all arrives twice, which workers and the state machine take as a
   * duplicate of the attempt.
   *
   * @param unchangedSince the task counts as lost only if it has not changed since (a task that
   *     changes meanwhile was received by a worker, or another orchestrator dispatched it again)
   * @return whether a dispatch was written: false when the task is no longer QUEUED, changed since
   *     {@code unchangedSince}, or already has a dispatch waiting in the outbox
   */
  @Transactional
  public boolean redispatchLost(UUID taskId, Instant unchangedSince, String why) {
    var found = tasks.findById(taskId.toString());
    if (found.isEmpty()) {
      return false;
    }
    var task = found.get();
    if (task.status() != TaskStatus.QUEUED
        || !task.updatedAt().isBefore(unchangedSince)
        || outbox.existsByTaskIdAndKind(task.id().toString(), OutboxMessage.Kind.DISPATCH)) {
      return false;
    }
    var now = clock.instant();
    // Touching the task bumps row_version: of two orchestrators doing this at once, one loses.
    task.dispatchedAgain(now);
    insert(
        new TaskHistoryEntry(
            task.id().toString(),
            task.attempt(),
            null,
            TaskStatus.QUEUED,
            TaskStatus.QUEUED,
            Outcome.APPLIED,
            null,
            null,
            why,
            now));
    enqueueDispatch(task, now);
    return true;
  }

  /**
   * Writes one follow-up of a decision to the outbox.
   *
   * @param holder the worker that held the attempt before the change
   * @param attempt the attempt the event was about (before a retry counted the next one)
   */
  private void followUp(
      FollowUp followUp,
      Task task,
      TaskEvent event,
      Decision decision,
      String holder,
      int attempt,
      Instant now) {
    switch (followUp) {
      case STOP_FORMER_HOLDER -> enqueueCancel(task, decision.takenOverFrom(), attempt, now);
      case DISPATCH -> enqueueDispatch(task, now);
      case DISPATCH_AFTER_BACKOFF -> {
        var delay =
            task.backoff(backoff).delayAfter(attempt, ThreadLocalRandom.current()::nextDouble);
        enqueueDispatch(task, now.plus(delay));
      }
      case WITHDRAW_DISPATCH ->
          outbox.deleteByTaskIdAndKind(task.id().toString(), OutboxMessage.Kind.DISPATCH);
      case STOP_HOLDER -> {
        if (holder != null) {
          enqueueCancel(task, holder, attempt, now);
        }
      }
      case STOP_REPORTER -> enqueueCancel(task, event.workerId(), attempt, now);
    }
  }

  private void enqueueDispatch(Task task, Instant notBefore) {
    insert(dispatchOf(task, notBefore));
    outboxWritten();
  }

  /** The outbox row of the task's current attempt's dispatch, due at {@code notBefore}. */
  private OutboxMessage dispatchOf(Task task, Instant notBefore) {
    var dispatch =
        new TaskDispatch(
            ProtocolVersion.CURRENT,
            task.id(),
            task.type(),
            task.version(),
            task.attempt(),
            // Parsed again on purpose: an input that no longer parses (limits lowered since it was
            // stored) fails this transition alone (PoisonTaskIT) instead of reaching a worker.
            codec.readTree(task.inputJson()),
            task.priority(),
            task.timeoutSeconds(),
            null,
            task.tags());
    var notBeforeOrRunAt =
        task.runAt() != null && task.runAt().isAfter(notBefore) ? task.runAt() : notBefore;
    return new OutboxMessage(
            task.id().toString(),
            task.attempt(),
            OutboxMessage.Kind.DISPATCH,
            task.type(),
            dispatch.messageId(),
            task.priority(),
            new String(codec.encode(dispatch), StandardCharsets.UTF_8),
            clock.instant(),
            notBeforeOrRunAt)
        .ofTenant(task.tenantId());
  }

  private void enqueueCancel(Task task, String workerId, int attempt, Instant now) {
    var control = ControlMessage.cancel(task.id(), attempt);
    insert(
        new OutboxMessage(
            task.id().toString(),
            attempt,
            OutboxMessage.Kind.CONTROL,
            workerId,
            "cancel:" + task.id() + ":" + attempt,
            9,
            new String(codec.encode(control), StandardCharsets.UTF_8),
            now,
            now));
    outboxWritten();
  }

  /**
   * Persists a new row (a task, history entry or outbox message) in the caller's transaction, as
   * the repository's {@code save} would for a new entity: straight through the entity manager,
   * because each repository call passes a chain of Spring proxies (transaction, metrics, exception
   * translation) that cost more CPU than Hibernate's own persist — about a sixth of the
   * orchestrator's Java samples in an open-loop profile, at three rows per submitted task.
   */
  private <T> T insert(T entity) {
    entityManager.persist(entity);
    return entity;
  }

  /**
   * Wakes the relay after the commit: once per transaction, however many rows it wrote (the relay
   * reads every due row anyway), so a batch of 1,000 submissions registers one after-commit
   * callback for it instead of 1,000.
   */
  private void outboxWritten() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      if (TransactionSynchronizationManager.hasResource(OUTBOX_WRITTEN)) {
        return;
      }
      TransactionSynchronizationManager.bindResource(OUTBOX_WRITTEN, Boolean.TRUE);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(OUTBOX_WRITTEN);
            }
          });
    }
    events.publishEvent(new OutboxWritten());
  }

  /** A decision and the task it was taken for (changed if the decision applied). */
  public record TransitionResult(Task task, Decision decision) {}
}
