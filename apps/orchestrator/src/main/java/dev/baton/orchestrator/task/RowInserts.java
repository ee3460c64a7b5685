package dev.baton.orchestrator.task;

import dev.baton.orchestrator.persistence.BlockIdGenerator;
import dev.baton.orchestrator.persistence.StringMapJsonConverter;
import dev.baton.orchestrator.persistence.TransactionBound;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The new rows of the hot path — a submitted task with its tags, its first history row and
 * dispatch, and the history rows of the transitions {@link RowTransitions} writes — inserted as
 * JDBC batches, one prepared statement per table per transaction, instead of as entities that
 * Hibernate persists, keeps in the persistence context and flushes one by one (Hibernate's share of
 * the orchestrator's profile samples went from ~22% to ~6%, docs/benchmarks.md step 6). The
 * entities stay the model: these are the same objects, written the way {@code RowInsertsIT} checks
 * Hibernate writes them.
 *
 * <p>Rows are held until the transaction commits (or until {@link #flush}), as Hibernate holds its
 * inserts until its flush; unlike Hibernate's, a query does not flush them first. So they serve
 * only rows that nothing reads in the transaction that writes them: a caller that may look for one
 * (an idempotency key repeated in a batch) calls {@link #flush} first. Ids of history and outbox
 * rows come, on SQLite, from the transaction's counter that Hibernate's {@link BlockIdGenerator}
 * uses too; on PostgreSQL from the column's sequence at the insert, with no round trip per row.
 */
@Component
class RowInserts {

  private static final String TASK =
      "INSERT INTO tasks (id, tenant_id, type, version, status, priority, input, attempt,"
          + " max_retries, timeout_seconds, tags, idempotency_key, run_at, backoff_initial_ms,"
          + " backoff_factor, backoff_max_ms, created_at, updated_at, row_version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String TAG =
      "INSERT INTO task_tags (task_id, tag_key, tag_value, created_at) VALUES (?, ?, ?, ?)";
  private static final String HISTORY_COLUMNS =
      "task_id, attempt, trigger_name, from_status, to_status, outcome, reason, worker_id,"
          + " detail, at";
  private static final String OUTBOX_COLUMNS =
      "task_id, attempt, kind, target, message_id, priority, payload, created_at, not_before,"
          + " publish_attempts, held, tenant_id";

  private static final StringMapJsonConverter TAGS_JSON = new StringMapJsonConverter();

  @PersistenceContext private EntityManager entityManager;

  private volatile Boolean postgres;

  /**
   * A new task ({@link Task#submitted}) and its tags: no column that only a later transition sets.
   */
  void task(Task task) {
    pending().tasks.add(task);
    // As Hibernate's persist would: a later save of this object merges instead of inserting again.
    task.markStored();
  }

  void history(TaskHistoryEntry entry) {
    pending().history.add(entry);
  }

  void outbox(OutboxMessage message) {
    pending().outbox.add(message);
  }

  /** Inserts the rows held so far, so that a query in this transaction sees them. */
  void flush() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      Pending held = TransactionBound.find(this);
      if (held != null) {
        held.insert();
      }
    }
  }

  /**
   * The rows this transaction holds; the first call binds them to the transaction, to be inserted
   * before it commits (and dropped with it on a rollback).
   */
  private Pending pending() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("new rows are written in a transaction");
    }
    Pending held = TransactionBound.find(this);
    if (held == null) {
      held =
          TransactionBound.bind(
              this,
              new Pending(),
              new TransactionBound.Callbacks<Pending>() {
                @Override
                public int order() {
                  // Before other callbacks that might read what this transaction wrote.
                  return Ordered.HIGHEST_PRECEDENCE;
                }

                @Override
                public void beforeCommit(Pending rows) {
                  rows.insert();
                }
              });
    }
    return held;
  }

  private boolean postgres() {
    var known = postgres;
    if (known == null) {
      known =
          entityManager
                  .unwrap(SharedSessionContractImplementor.class)
                  .getJdbcServices()
                  .getDialect()
              instanceof PostgreSQLDialect;
      postgres = known;
    }
    return known;
  }

  /** The rows one transaction holds, in the order they were added per table. */
  private final class Pending {
    final List<Task> tasks = new ArrayList<>();
    final List<TaskHistoryEntry> history = new ArrayList<>();
    final List<OutboxMessage> outbox = new ArrayList<>();

    void insert() {
      if (tasks.isEmpty() && history.isEmpty() && outbox.isEmpty()) {
        return;
      }
      SessionJdbc.run(
          entityManager,
          "inserting new task, history and outbox rows",
          connection -> {
            // Tasks first: their tags refer to them.
            insertTasks(connection);
            insertHistory(connection);
            insertOutbox(connection);
            return null;
          });
      tasks.clear();
      history.clear();
      outbox.clear();
    }

    private void insertTasks(Connection connection) throws SQLException {
      if (tasks.isEmpty()) {
        return;
      }
      boolean tagged = false;
      try (var s = connection.prepareStatement(TASK)) {
        for (var t : tasks) {
          int i = 0;
          s.setString(++i, t.id().toString());
          s.setString(++i, t.tenantId());
          s.setString(++i, t.type());
          setString(s, ++i, t.version());
          s.setString(++i, t.status().name());
          s.setInt(++i, t.priority());
          s.setString(++i, t.inputJson());
          s.setInt(++i, t.attempt());
          s.setInt(++i, t.maxRetries());
          s.setInt(++i, t.timeoutSeconds());
          setString(s, ++i, TAGS_JSON.convertToDatabaseColumn(t.tags()));
          setString(s, ++i, t.idempotencyKey());
          setMillis(s, ++i, t.runAt());
          setLong(s, ++i, t.backoffInitialMs());
          if (t.backoffFactor() == null) {
            s.setNull(++i, Types.DOUBLE);
          } else {
            s.setDouble(++i, t.backoffFactor());
          }
          setLong(s, ++i, t.backoffMaxMs());
          s.setLong(++i, t.createdAt().toEpochMilli());
          s.setLong(++i, t.updatedAt().toEpochMilli());
          s.setLong(++i, t.rowVersion());
          s.addBatch();
          tagged |= !t.tags().isEmpty();
        }
        s.executeBatch();
      }
      if (tagged) {
        try (var s = connection.prepareStatement(TAG)) {
          for (var t : tasks) {
            // In key order, as the table's primary key stores them.
            for (Map.Entry<String, String> tag : new TreeMap<>(t.tags()).entrySet()) {
              s.setString(1, t.id().toString());
              s.setString(2, tag.getKey());
              s.setString(3, tag.getValue());
              s.setLong(4, t.createdAt().toEpochMilli());
              s.addBatch();
            }
          }
          s.executeBatch();
        }
      }
    }

    private void insertHistory(Connection connection) throws SQLException {
      if (history.isEmpty()) {
        return;
      }
      try (var s = connection.prepareStatement(insert("task_history", HISTORY_COLUMNS))) {
        for (var h : history) {
          int i = id(connection, s, "task_history");
          s.setString(++i, h.taskId());
          s.setInt(++i, h.attempt());
          setString(s, ++i, h.trigger() == null ? null : h.trigger().name());
          setString(s, ++i, h.fromStatus() == null ? null : h.fromStatus().name());
          setString(s, ++i, h.toStatus() == null ? null : h.toStatus().name());
          s.setString(++i, h.outcome().name());
          setString(s, ++i, h.reason());
          setString(s, ++i, h.workerId());
          setString(s, ++i, h.detail());
          s.setLong(++i, h.at().toEpochMilli());
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    private void insertOutbox(Connection connection) throws SQLException {
      if (outbox.isEmpty()) {
        return;
      }
      try (var s = connection.prepareStatement(insert("outbox", OUTBOX_COLUMNS))) {
        for (var m : outbox) {
          int i = id(connection, s, "outbox");
          s.setString(++i, m.taskId());
          s.setInt(++i, m.attempt());
          s.setString(++i, m.kind().name());
          s.setString(++i, m.target());
          s.setString(++i, m.messageId());
          s.setInt(++i, m.priority());
          s.setString(++i, m.payload());
          s.setLong(++i, m.createdAt().toEpochMilli());
          s.setLong(++i, m.notBefore().toEpochMilli());
          s.setInt(++i, m.publishAttempts());
          s.setBoolean(++i, m.held());
          setString(s, ++i, m.tenantId());
          s.addBatch();
        }
        s.executeBatch();
      }
    }

    /** The INSERT of a table with a numeric id: given on SQLite, the sequence's on PostgreSQL. */
    private String insert(String table, String columns) {
      var marks = "?, ".repeat(columns.split(",").length - 1) + "?";
      return postgres()
          ? "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")"
          : "INSERT INTO " + table + " (id, " + columns + ") VALUES (?, " + marks + ")";
    }

    /** Binds the row's id where this database takes it from us; the index of the last bound. */
    private int id(Connection connection, PreparedStatement s, String table) throws SQLException {
      if (postgres()) {
        return 0;
      }
      s.setLong(1, BlockIdGenerator.nextInTransaction(connection, table));
      return 1;
    }
  }

  private static void setString(PreparedStatement s, int i, String value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.VARCHAR);
    } else {
      s.setString(i, value);
    }
  }

  private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, value);
    }
  }

  private static void setMillis(PreparedStatement s, int i, Instant value) throws SQLException {
    setLong(s, i, value == null ? null : value.toEpochMilli());
  }
}
