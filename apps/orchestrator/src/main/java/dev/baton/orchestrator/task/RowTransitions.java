package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The two transitions every task takes — its dispatch confirmed ({@link TaskOperation#MARK_QUEUED})
 * and its result ({@link TaskOperation#COMPLETE}) — written for a whole batch as JDBC batches of
 * plain UPDATEs, without loading, snapshotting and dirty-checking a {@link Task} entity each (River
 * completes jobs the same way). The decision is still the transition table's, on the same facts
 * ({@link TaskState}, read for the batch with one SELECT); only how the changed columns reach the
 * row differs, and {@code RowTransitionsIT} checks that both ways leave identical rows.
 *
 * <p>Takes only the plain case: the task is not in the persistence context and has one event in the
 * batch, and the decision applies one of the two operations or ignores the event (then only its
 * history row is written), with no take-over and no follow-up. Everything else — retries, cancels,
 * take-overs, unknown tasks — is handed back for the entity path. Each UPDATE is checked on {@code
 * row_version} as Hibernate's would be, so a concurrent change (another orchestrator on PostgreSQL)
 * fails the transaction as an optimistic-lock conflict that {@code ConflictRetry} repeats.
 */
@Component
class RowTransitions {

  private static final String STATES =
      "SELECT id, status, attempt, max_retries, worker_id, tenant_id, type, row_version,"
          + " created_at, queued_at, started_at FROM tasks WHERE id IN (";

  // The columns Task.markQueued changes, and those Task.complete changes (with clearError and
  // ended): keep them in step with those methods; RowTransitionsIT compares the rows.
  private static final String MARK_QUEUED =
      "UPDATE tasks SET status = ?, queued_at = ?, updated_at = ?, row_version = row_version + 1"
          + " WHERE id = ? AND row_version = ?";
  private static final String COMPLETE =
      "UPDATE tasks SET status = ?, worker_id = ?, started_at = ?, result = ?, progress = 100,"
          + " error_message = NULL, error_type = NULL, error_retryable = NULL, completed_at = ?,"
          + " deadline_at = NULL, updated_at = ?, row_version = row_version + 1"
          + " WHERE id = ? AND row_version = ?";

  private static final Comparator<Written> BY_TASK_ID = Comparator.comparing(w -> w.before().id());

  private final TaskStateMachine machine = new TaskStateMachine();

  @PersistenceContext private EntityManager entityManager;

  /** A task as the batch read it: its state and what a history row and metrics need. */
  record Row(
      String id,
      TaskState state,
      String tenantId,
      String type,
      long rowVersion,
      Instant createdAt,
      Instant queuedAt,
      Instant startedAt) {}

  /**
   * A decision carried out by this class: the task before it, the event, the decision (applied, or
   * ignored: then nothing but its history row is written), and the task's times after it.
   */
  record Written(
      Row before, TaskEvent event, Decision decision, Instant queuedAt, Instant startedAt) {}

  /**
   * Writes those of {@code events} that are plain MARK_QUEUED or COMPLETE transitions, or ignored
   * events, of a task that occurs once in the batch.
   *
   * @param rest receives the events not written here, in their order, for the entity path
   * @return the changes written, for their history rows, counts and events
   */
  List<Written> write(List<TargetedEvent> events, Instant now, List<TargetedEvent> rest) {
    var session = entityManager.unwrap(SharedSessionContractImplementor.class);
    var persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(Task.class);
    var once = new HashMap<String, TargetedEvent>();
    var excluded = new HashSet<String>();
    for (var e : events) {
      var id = e.taskId().toString();
      if (!eligible(e.event())
          || inContext(session, persister, id)
          || once.putIfAbsent(id, e) != null) {
        excluded.add(id);
      }
    }
    once.keySet().removeAll(excluded);
    if (once.isEmpty()) {
      rest.addAll(events);
      return List.of();
    }
    return SessionJdbc.run(
        entityManager,
        "writing task transitions",
        connection -> write(connection, events, once, now, rest));
  }

  private List<Written> write(
      Connection connection,
      List<TargetedEvent> events,
      Map<String, TargetedEvent> once,
      Instant now,
      List<TargetedEvent> rest)
      throws SQLException {
    var rows = read(connection, new ArrayList<>(once.keySet()));
    var marks = new ArrayList<Written>();
    var completes = new ArrayList<Written>();
    var ignored = new ArrayList<Written>();
    for (var e : events) {
      var id = e.taskId().toString();
      var row = once.containsKey(id) ? rows.get(id) : null;
      var decision = row == null ? null : machine.decide(row.state(), e.event());
      if (decision == null || !plain(decision)) {
        rest.add(e);
      } else if (!decision.applied()) {
        ignored.add(new Written(row, e.event(), decision, row.queuedAt(), row.startedAt()));
      } else if (decision.operation() == TaskOperation.MARK_QUEUED) {
        marks.add(new Written(row, e.event(), decision, now, row.startedAt()));
      } else {
        var started = row.startedAt() != null ? row.startedAt() : e.event().startedAt();
        completes.add(new Written(row, e.event(), decision, row.queuedAt(), started));
      }
    }
    // In id order, as Hibernate orders its updates (order_updates): two transactions that change
    // the same tasks (the relay's confirms and the events' results, on PostgreSQL) then lock them
    // in the same order and wait for each other instead of deadlocking, which PostgreSQL would
    // only notice after deadlock_timeout (1 s).
    marks.sort(BY_TASK_ID);
    completes.sort(BY_TASK_ID);
    markQueued(connection, marks, now);
    complete(connection, completes, now);
    var written = new ArrayList<Written>(marks.size() + completes.size() + ignored.size());
    written.addAll(marks);
    written.addAll(completes);
    written.addAll(ignored);
    return written;
  }

  private static boolean eligible(TaskEvent event) {
    return event instanceof TaskEvent.DispatchConfirmed || event instanceof TaskEvent.Completed;
  }

  /**
   * MARK_QUEUED or COMPLETE as the table's row says, or an event the table ignores (a confirm the
   * worker's result overtook, a repeated result): those change at most the row and add a history
   * row. Take-overs and follow-ups (a cancel for a worker, a retry's dispatch) go the entity path.
   */
  private static boolean plain(Decision decision) {
    if (decision.isTakeOver() || !decision.followUps().isEmpty()) {
      return false;
    }
    return decision.kind() == Decision.Kind.IGNORE
        || (decision.applied()
            && (decision.operation() == TaskOperation.MARK_QUEUED
                || decision.operation() == TaskOperation.COMPLETE));
  }

  /** A task loaded in this transaction must change through its entity, or the two would differ. */
  private static boolean inContext(
      SharedSessionContractImplementor session, EntityPersister persister, String id) {
    return session
            .getPersistenceContextInternal()
            .getEntity(session.generateEntityKey(id, persister))
        != null;
  }

  private static Map<String, Row> read(Connection connection, List<String> ids)
      throws SQLException {
    var sql = new StringBuilder(STATES);
    sql.append(String.join(",", Collections.nCopies(ids.size(), "?"))).append(')');
    var rows = new HashMap<String, Row>(ids.size() * 2);
    try (var select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < ids.size(); i++) {
        select.setString(i + 1, ids.get(i));
      }
      try (var result = select.executeQuery()) {
        while (result.next()) {
          var id = result.getString(1);
          var state =
              new TaskState(
                  TaskStatus.valueOf(result.getString(2)),
                  result.getInt(3),
                  result.getInt(4),
                  result.getString(5));
          rows.put(
              id,
              new Row(
                  id,
                  state,
                  result.getString(6),
                  result.getString(7),
                  result.getLong(8),
                  instant(result, 9),
                  instant(result, 10),
                  instant(result, 11)));
        }
      }
    }
    return rows;
  }

  private static void markQueued(Connection connection, List<Written> changes, Instant now)
      throws SQLException {
    update(
        connection,
        MARK_QUEUED,
        changes,
        (update, c) -> {
          update.setString(1, TaskStatus.QUEUED.name());
          update.setLong(2, now.toEpochMilli());
          update.setLong(3, now.toEpochMilli());
          update.setString(4, c.before().id());
          update.setLong(5, c.before().rowVersion());
        });
  }

  private static void complete(Connection connection, List<Written> changes, Instant now)
      throws SQLException {
    update(
        connection,
        COMPLETE,
        changes,
        (update, c) -> {
          update.setString(1, TaskStatus.COMPLETED.name());
          update.setString(2, c.event().workerId());
          setInstant(update, 3, c.startedAt());
          update.setString(4, c.event().resultJson());
          update.setLong(5, now.toEpochMilli());
          update.setLong(6, now.toEpochMilli());
          update.setString(7, c.before().id());
          update.setLong(8, c.before().rowVersion());
        });
  }

  /** Binds the parameters of one change's UPDATE. */
  private interface Binder {
    void bind(PreparedStatement update, Written change) throws SQLException;
  }

  /** Runs {@code sql} once per change, as one JDBC batch, and checks every row count. */
  private static void update(
      Connection connection, String sql, List<Written> changes, Binder binder) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try (var update = connection.prepareStatement(sql)) {
      for (var c : changes) {
        binder.bind(update, c);
        update.addBatch();
      }
      check(update, changes);
    }
  }

  /** Every UPDATE must have found its row at the version read, as Hibernate's would. */
  private static void check(PreparedStatement update, List<Written> changes) throws SQLException {
    var counts = update.executeBatch();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
        throw new ObjectOptimisticLockingFailureException(Task.class, changes.get(i).before().id());
      }
    }
  }

  private static Instant instant(ResultSet result, int column) throws SQLException {
    long millis = result.getLong(column);
    return result.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, instant.toEpochMilli());
    }
  }
}
