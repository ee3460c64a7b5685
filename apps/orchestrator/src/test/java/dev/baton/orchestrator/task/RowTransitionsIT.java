package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The plain dispatch confirms and results of a batch are written as row updates, without loading
 * the tasks ({@link RowTransitions}); a task changed that way must be exactly what the entity path
 * ({@link TaskTransitions#apply}) makes of it — same columns, same history row — and everything
 * that is not plain must still go the entity path. The tasks are scheduled an hour ahead, so the
 * relay leaves them alone.
 */
class RowTransitionsIT extends OrchestratorIT {

  /** Columns that differ between the two tasks: the id, and instants of submission and change. */
  private static final Set<String> PER_TASK =
      Set.of("id", "run_at", "created_at", "updated_at", "queued_at", "completed_at");

  @Autowired TaskTransitions transitions;
  @Autowired RowTransitions rows;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void aDispatchConfirmWrittenAsARowUpdateLeavesTheTaskAsTheEntityPathDoes() {
    var byEntity = scheduledTask();
    var byRow = scheduledTask();

    inTransaction(() -> transitions.apply(byEntity, new TaskEvent.DispatchConfirmed(1, "note")));
    var batch = List.of(event(byRow, new TaskEvent.DispatchConfirmed(1, "note")));
    assertWrittenAsRows(batch);
    inTransaction(() -> transitions.applyAll(batch));

    assertSameRow(byEntity, byRow);
    assertThat(column(byRow, "status")).isEqualTo("QUEUED");
    assertThat(column(byRow, "queued_at")).isEqualTo(column(byRow, "updated_at"));
  }

  @Test
  void aResultWrittenAsARowUpdateLeavesTheTaskAsTheEntityPathDoes() {
    var byEntity = scheduledTask();
    var byRow = scheduledTask();
    // After the submission: a run that started before it would make a negative queue wait.
    var ranSince = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);

    inTransaction(() -> transitions.apply(byEntity, completed(ranSince)));
    var batch = List.of(event(byRow, completed(ranSince)));
    assertWrittenAsRows(batch);
    inTransaction(() -> transitions.applyAll(batch));

    assertSameRow(byEntity, byRow);
    assertThat(column(byRow, "status")).isEqualTo("COMPLETED");
    assertThat(column(byRow, "started_at")).isEqualTo(ranSince.toEpochMilli());
    assertThat(column(byRow, "completed_at")).isNotNull();
  }

  @Test
  void anIgnoredEventWrittenAsAHistoryRowLeavesTheTaskAsTheEntityPathDoes() {
    var byEntity = scheduledTask();
    var byRow = scheduledTask();
    for (var task : List.of(byEntity, byRow)) {
      inTransaction(() -> transitions.apply(task, new TaskEvent.Cancel()));
    }

    inTransaction(() -> transitions.apply(byEntity, completed(null)));
    var batch = List.of(event(byRow, completed(null)));
    assertWrittenAsRows(batch);
    inTransaction(() -> transitions.applyAll(batch));

    assertSameRow(byEntity, byRow);
    assertThat(outcomes(byRow)).containsExactly("APPLIED", "APPLIED", "IGNORED");
  }

  @Test
  void aBatchWritesThePlainEventsAsRowsAndAppliesTheOthersThroughTheirEntities() {
    var plain = scheduledTask();
    var twice = scheduledTask();
    var cancelled = scheduledTask();
    var unknown = UUID.randomUUID();
    inTransaction(() -> transitions.apply(cancelled, new TaskEvent.Cancel()));
    var batch =
        List.of(
            event(plain, new TaskEvent.DispatchConfirmed(1)),
            event(twice, completed(null)),
            event(twice, completed(null)),
            event(cancelled, completed(null)),
            event(unknown, completed(null)));

    var rest = new ArrayList<TargetedEvent>();
    var written = rolledBack(() -> rows.write(batch, Instant.now(), rest));
    assertThat(written)
        .extracting(w -> w.before().id())
        .containsExactly(plain.toString(), cancelled.toString());
    assertThat(written.get(1).decision().applied()).as("a result for a cancelled task").isFalse();
    assertThat(rest)
        .as("left for the entity path")
        .containsExactly(batch.get(1), batch.get(2), batch.get(4));

    // Now the whole batch, as the relay and the events consumer apply it.
    inTransaction(() -> transitions.applyAll(batch));
    assertThat(column(plain, "status")).isEqualTo("QUEUED");
    assertThat(column(twice, "status")).isEqualTo("COMPLETED");
    assertThat(column(cancelled, "status")).isEqualTo("CANCELLED");
    assertThat(outcomes(twice)).containsExactly("APPLIED", "APPLIED", "IGNORED");
    assertThat(outcomes(cancelled)).containsExactly("APPLIED", "APPLIED", "IGNORED");
  }

  @Test
  void aDeadlockInTheRowUpdatesComesOutAsALostRaceThatConflictRetryRepeats() throws Exception {
    Assumptions.assumeTrue(TestDatabase.isPostgres(), "row locks of PostgreSQL");
    var confirmed = scheduledTask();
    var other = scheduledTask();
    var batch = List.of(event(confirmed, new TaskEvent.DispatchConfirmed(1)));
    var blocker = Executors.newSingleThreadExecutor();
    try (var locker = dataSource.getConnection()) {
      locker.setAutoCommit(false);
      lock(locker, confirmed);
      // The batch's transaction holds `other`, then waits for `confirmed`, which the locker holds
      // and which then waits for `other`: PostgreSQL picks the batch, which waited first.
      var batchOutcome =
          blocker.submit(
              () ->
                  new TransactionTemplate(transactionManager)
                      .execute(
                          s -> {
                            jdbc()
                                .update(
                                    "UPDATE tasks SET priority = 4 WHERE id = ?", other.toString());
                            transitions.applyAll(batch);
                            return null;
                          }));
      await().atMost(Duration.ofSeconds(10)).until(() -> waitingForALock() > 0);
      var lockerOutcome =
          Executors.newSingleThreadExecutor()
              .submit(
                  () -> {
                    lock(locker, other);
                    locker.commit();
                    return null;
                  });
      var thrown = catchThrowable(() -> batchOutcome.get(30, TimeUnit.SECONDS));
      assertThat(thrown)
          .as("the batch's transaction")
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ConcurrencyFailureException.class);
      lockerOutcome.get(30, TimeUnit.SECONDS);
    } finally {
      blocker.shutdownNow();
    }
    // Repeated, as the relay and the events consumer do, the batch applies.
    ConflictRetry.run(
        () ->
            new TransactionTemplate(transactionManager)
                .executeWithoutResult(s -> transitions.applyAll(batch)));
    assertThat(column(confirmed, "status")).isEqualTo("QUEUED");
  }

  private static void lock(java.sql.Connection connection, UUID task) throws java.sql.SQLException {
    try (var statement =
        connection.prepareStatement("SELECT id FROM tasks WHERE id = ? FOR UPDATE")) {
      statement.setString(1, task.toString());
      statement.executeQuery().close();
    }
  }

  private int waitingForALock() {
    return jdbc()
        .queryForObject(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'UPDATE tasks SET status%'",
            Integer.class);
  }

  private static TaskEvent completed(Instant ranSince) {
    return new TaskEvent.Completed(1, "worker-r", "{\"ok\":true}", ranSince, false);
  }

  private static TargetedEvent event(UUID task, TaskEvent event) {
    return new TargetedEvent(task, event);
  }

  /** Every event of the batch is plain: {@link RowTransitions} writes it (then rolled back). */
  private void assertWrittenAsRows(List<TargetedEvent> batch) {
    var rest = new ArrayList<TargetedEvent>();
    var written = rolledBack(() -> rows.write(batch, Instant.now(), rest));
    assertThat(rest).as("left for the entity path").isEmpty();
    assertThat(written).hasSameSizeAs(batch);
  }

  private UUID scheduledTask() {
    return submit(
        "{\"type\":\"q-batch\",\"priority\":3,\"input\":{\"n\":1},\"runAt\":\""
            + Instant.now().plusSeconds(3600)
            + "\"}");
  }

  private void assertSameRow(UUID byEntity, UUID byRow) {
    var entity = row("SELECT * FROM tasks WHERE id = ?", byEntity);
    var row = row("SELECT * FROM tasks WHERE id = ?", byRow);
    assertThat(row.keySet()).isEqualTo(entity.keySet());
    for (var column : entity.keySet()) {
      if (PER_TASK.contains(column)) {
        assertThat(row.get(column) == null)
            .as("%s set in both or in neither", column)
            .isEqualTo(entity.get(column) == null);
      } else {
        assertThat(String.valueOf(row.get(column)))
            .as(column)
            .isEqualTo(String.valueOf(entity.get(column)));
      }
    }
    var entityHistory = history(byEntity);
    var rowHistory = history(byRow);
    assertThat(rowHistory).hasSameSizeAs(entityHistory);
    assertThat(rowHistory.get(rowHistory.size() - 1))
        .isEqualTo(entityHistory.get(entityHistory.size() - 1));
  }

  private Map<String, Object> row(String sql, UUID id) {
    var found = new LinkedHashMap<String, Object>();
    jdbc().queryForMap(sql, id.toString()).forEach((k, v) -> found.put(k.toLowerCase(), v));
    return found;
  }

  private Object column(UUID id, String column) {
    var value = row("SELECT * FROM tasks WHERE id = ?", id).get(column);
    return value instanceof Number n ? n.longValue() : value;
  }

  /** The history rows without their ids, task ids and times: what and why, in order. */
  private List<String> history(UUID id) {
    return jdbc()
        .query(
            "SELECT attempt, trigger_name, from_status, to_status, outcome, reason, worker_id,"
                + " detail FROM task_history WHERE task_id = ? ORDER BY id",
            (rs, n) ->
                String.join(
                    "|",
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8)),
            id.toString());
  }

  private List<String> outcomes(UUID id) {
    return jdbc()
        .queryForList(
            "SELECT outcome FROM task_history WHERE task_id = ? ORDER BY id",
            String.class,
            id.toString());
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  private <T> T rolledBack(Supplier<T> work) {
    return new TransactionTemplate(transactionManager)
        .execute(
            s -> {
              s.setRollbackOnly();
              return work.get();
            });
  }

  private void inTransaction(Runnable work) {
    new TransactionTemplate(transactionManager).executeWithoutResult(s -> work.run());
  }
}
