package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.task.TaskHistoryEntry.Outcome;
import dev.baton.protocol.TaskStatus;
import dev.baton.testsupport.TestDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * New rows written as JDBC batches ({@link RowInserts}) must be exactly the rows Hibernate writes
 * for the same entities, must share the transaction's ids with rows Hibernate writes beside them,
 * and must go with a rolled-back transaction. The tasks are scheduled a day ahead, and the outbox
 * rows are written held, so the relay leaves them alone.
 */
class RowInsertsIT extends OrchestratorIT {

  /** Far enough ahead that the relay leaves the tasks alone; the same for every task. */
  private static final Instant RUN_AT =
      Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

  @Autowired RowInserts inserts;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactionManager;
  @PersistenceContext EntityManager entityManager;

  /** The tasks a test wrote: written past TaskTransitions, so past the kept counts too. */
  private final List<Task> written = new ArrayList<>();

  @AfterEach
  void removeTheTasksWritten() {
    // Other tests of the shared orchestrator compare the kept counts with a full count.
    for (var task : written) {
      for (var table : List.of("task_tags", "task_history", "outbox")) {
        jdbc().update("DELETE FROM " + table + " WHERE task_id = ?", id(task));
      }
      jdbc().update("DELETE FROM tasks WHERE id = ?", id(task));
    }
  }

  @Test
  void aSubmittedTaskWrittenAsRowsIsStoredAsHibernateStoresIt() {
    var now = Instant.now();
    var byEntity = Task.submitted(spec("rows-entity-" + UUID.randomUUID()), now);
    var byRows = Task.submitted(spec("rows-jdbc-" + UUID.randomUUID()), now);
    written.addAll(List.of(byEntity, byRows));

    inTransaction(
        () -> {
          entityManager.persist(byEntity);
          entityManager.persist(TaskHistoryEntry.created(byEntity, now));
          entityManager.persist(dispatch(byEntity, now));
        });
    inTransaction(
        () -> {
          inserts.task(byRows);
          inserts.history(TaskHistoryEntry.created(byRows, now));
          inserts.outbox(dispatch(byRows, now));
        });

    assertSameRows("SELECT * FROM tasks WHERE id = ?", byEntity, byRows, "id", "idempotency_key");
    assertSameRows(
        "SELECT * FROM task_tags WHERE task_id = ? ORDER BY tag_key", byEntity, byRows, "task_id");
    assertSameRows(
        "SELECT * FROM task_history WHERE task_id = ?", byEntity, byRows, "id", "task_id");
    assertSameRows(
        "SELECT * FROM outbox WHERE task_id = ?", byEntity, byRows, "id", "task_id", "message_id");
    assertThat(
            jdbc().queryForObject("SELECT tags FROM tasks WHERE id = ?", String.class, id(byRows)))
        .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
  }

  @Test
  void rowsWrittenBothWaysInOneTransactionGetDistinctIds() {
    var task = submitted("rows-ids-" + UUID.randomUUID());
    inTransaction(
        () -> {
          inserts.task(task);
          // Hibernate takes its ids when it persists and inserts at its flush; the rows held here
          // are inserted at theirs, before or after Hibernate's: the ids must not collide either
          // way.
          entityManager.persist(note(task, "entity 1"));
          inserts.history(note(task, "rows 1"));
          inserts.flush();
          entityManager.persist(note(task, "entity 2"));
          entityManager.flush();
          inserts.history(note(task, "rows 2"));
        });

    assertThat(
            jdbc()
                .queryForList(
                    "SELECT detail FROM task_history WHERE task_id = ? ORDER BY detail",
                    String.class,
                    id(task)))
        .containsExactly("entity 1", "entity 2", "rows 1", "rows 2");
  }

  @Test
  void rowsOfARolledBackTransactionAreNeverWritten() {
    var task = submitted("rows-rollback-" + UUID.randomUUID());
    new TransactionTemplate(transactionManager)
        .executeWithoutResult(
            status -> {
              inserts.task(task);
              inserts.history(TaskHistoryEntry.created(task, Instant.now()));
              status.setRollbackOnly();
            });

    assertThat(count("SELECT COUNT(*) FROM tasks WHERE id = ?", task)).isZero();
    assertThat(count("SELECT COUNT(*) FROM task_history WHERE task_id = ?", task)).isZero();
    // The next transaction does not inherit them either.
    inTransaction(() -> inserts.flush());
    assertThat(count("SELECT COUNT(*) FROM tasks WHERE id = ?", task)).isZero();
  }

  @Test
  void aTransactionStartedInsideAnotherWritesItsOwnRowsAtItsOwnCommit() {
    // SQLite has one writer connection: a transaction inside another would wait for it forever.
    Assumptions.assumeTrue(TestDatabase.isPostgres(), "a second connection that writes");
    var outer = submitted("rows-outer-" + UUID.randomUUID());
    var inner = submitted("rows-inner-" + UUID.randomUUID());
    var requiresNew = new TransactionTemplate(transactionManager);
    requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

    var innerSeenBeforeOuterCommits =
        new TransactionTemplate(transactionManager)
            .execute(
                status -> {
                  inserts.task(outer);
                  requiresNew.executeWithoutResult(s -> inserts.task(inner));
                  return count("SELECT COUNT(*) FROM tasks WHERE id = ?", inner);
                });

    assertThat(innerSeenBeforeOuterCommits).as("committed with the inner transaction").isOne();
    assertThat(count("SELECT COUNT(*) FROM tasks WHERE id = ?", outer)).isOne();
  }

  @Test
  void aFlushMakesTheHeldRowsVisibleToQueriesInTheSameTransaction() {
    var task = submitted("rows-flush-" + UUID.randomUUID());
    var seen =
        new TransactionTemplate(transactionManager)
            .execute(
                status -> {
                  inserts.task(task);
                  Function<String, Long> count =
                      sql ->
                          ((Number)
                                  entityManager
                                      .createNativeQuery(sql)
                                      .setParameter(1, id(task))
                                      .getSingleResult())
                              .longValue();
                  var before = count.apply("SELECT COUNT(*) FROM tasks WHERE id = ?1");
                  inserts.flush();
                  var after = count.apply("SELECT COUNT(*) FROM tasks WHERE id = ?1");
                  return List.of(before, after);
                });
    assertThat(seen).containsExactly(0L, 1L);
    assertThat(count("SELECT COUNT(*) FROM tasks WHERE id = ?", task)).isOne();
  }

  private Task submitted(String idempotencyKey) {
    var task = Task.submitted(spec(idempotencyKey), Instant.now());
    written.add(task);
    return task;
  }

  private static NewTask spec(String idempotencyKey) {
    return new NewTask(
        "default",
        "q-batch",
        "v2",
        7,
        "{\"n\":1}",
        4,
        90,
        Map.of("b", "2", "a", "1"),
        idempotencyKey,
        RUN_AT,
        new RetryBackoff(Duration.ofMillis(250), 1.5, Duration.ofSeconds(30), 0.2));
  }

  private static OutboxMessage dispatch(Task task, Instant now) {
    var message =
        new OutboxMessage(
                task.id().toString(),
                task.attempt(),
                OutboxMessage.Kind.DISPATCH,
                task.type(),
                "dispatch:" + task.id(),
                task.priority(),
                "{\"payload\":true}",
                now,
                task.runAt())
            .ofTenant(task.tenantId());
    message.hold();
    return message;
  }

  private static TaskHistoryEntry note(Task task, String detail) {
    return new TaskHistoryEntry(
        task.id().toString(),
        1,
        null,
        TaskStatus.SCHEDULED,
        TaskStatus.SCHEDULED,
        Outcome.APPLIED,
        null,
        null,
        detail,
        Instant.now());
  }

  /** Every column of the rows of both tasks is equal, but {@code differing}. */
  private void assertSameRows(String sql, Task byEntity, Task byRows, String... differing) {
    var expected = rows(sql, byEntity, Set.of(differing));
    var actual = rows(sql, byRows, Set.of(differing));
    assertThat(expected).as("rows written by Hibernate").isNotEmpty();
    assertThat(actual).isEqualTo(expected);
  }

  private List<Map<String, String>> rows(String sql, Task task, Set<String> differing) {
    return jdbc().queryForList(sql, id(task)).stream()
        .map(
            row -> {
              var kept = new LinkedHashMap<String, String>();
              row.forEach(
                  (column, value) -> {
                    if (!differing.contains(column.toLowerCase())) {
                      kept.put(column.toLowerCase(), String.valueOf(value));
                    }
                  });
              return (Map<String, String>) kept;
            })
        .toList();
  }

  private long count(String sql, Task task) {
    return jdbc().queryForObject(sql, Long.class, id(task));
  }

  private static String id(Task task) {
    return task.id().toString();
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  private void inTransaction(Runnable work) {
    new TransactionTemplate(transactionManager).executeWithoutResult(s -> work.run());
  }
}
