package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code task_counts} (tasks by tenant and status) in step with the tasks, in the same
 * transaction: each change of a task's status adds its deltas here, and just before the commit they
 * are written as one upsert per (tenant, status) touched. So a batch of 1,000 transitions costs a
 * handful of statements, and the stats of a million tasks cost a read of a few rows.
 *
 * <p>Every status change goes through {@link TaskTransitions} (and deletion through {@link
 * TaskEdits}), which is what makes the counts exact; {@code StatusCountsIT} checks them against a
 * full count after a mix of every kind of change. Rows are written in key order, so concurrent
 * transactions (several orchestrators on PostgreSQL) lock them in the same order and cannot
 * deadlock on them.
 */
@Component
public class StatusCounts {

  private static final String UPSERT =
      "INSERT INTO task_counts (tenant_id, status, n) VALUES (?1, ?2, ?3)"
          + " ON CONFLICT (tenant_id, status) DO UPDATE SET n = task_counts.n + excluded.n";

  @PersistenceContext private EntityManager entityManager;

  /** A task of {@code tenant} went from {@code from} to {@code to} (null: created / deleted). */
  void record(String tenant, TaskStatus from, TaskStatus to) {
    if (from == to) {
      return;
    }
    var deltas = deltas();
    if (from != null) {
      deltas.merge(new Key(tenant, from.name()), -1L, Long::sum);
    }
    if (to != null) {
      deltas.merge(new Key(tenant, to.name()), 1L, Long::sum);
    }
  }

  /** Counts by status: of every tenant (null) or of one; only statuses that ever had tasks. */
  public List<Object[]> countByStatus(String tenant) {
    var sql =
        tenant == null
            ? "SELECT status, SUM(n) FROM task_counts GROUP BY status"
            : "SELECT status, SUM(n) FROM task_counts WHERE tenant_id = ?1 GROUP BY status";
    var query = entityManager.createNativeQuery(sql);
    if (tenant != null) {
      query.setParameter(1, tenant);
    }
    var rows = new ArrayList<Object[]>();
    for (var row : (List<?>) query.getResultList()) {
      var columns = (Object[]) row;
      rows.add(
          new Object[] {
            TaskStatus.valueOf(columns[0].toString()), ((Number) columns[1]).longValue()
          });
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private Map<Key, Long> deltas() {
    var existing = (Map<Key, Long>) TransactionSynchronizationManager.getResource(this);
    if (existing != null) {
      return existing;
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("task status changes must happen in a transaction");
    }
    var deltas = new TreeMap<Key, Long>();
    TransactionSynchronizationManager.bindResource(this, deltas);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void beforeCommit(boolean readOnly) {
            write(deltas);
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(StatusCounts.this);
          }
        });
    return deltas;
  }

  private void write(Map<Key, Long> deltas) {
    try {
      // The transaction's own rows first, as the commit would flush them: the upserts below
      // would make Hibernate flush them anyway, and here a lost race (optimistic lock, deadlock)
      // comes out translated, as from a commit, so ConflictRetry runs the transaction again.
      entityManager.flush();
      for (var entry : deltas.entrySet()) {
        if (entry.getValue() != 0) {
          entityManager
              .createNativeQuery(UPSERT)
              .setParameter(1, entry.getKey().tenant())
              .setParameter(2, entry.getKey().status())
              .setParameter(3, entry.getValue())
              .executeUpdate();
        }
      }
    } catch (RuntimeException e) {
      var translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(e);
      throw translated != null ? translated : e;
    }
    deltas.clear();
  }

  private record Key(String tenant, String status) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byTenant = tenant.compareTo(o.tenant);
      return byTenant != 0 ? byTenant : status.compareTo(o.status);
    }
  }
}
