package dev.baton.orchestrator.persistence;

import java.lang.reflect.Member;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.HibernateException;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.GeneratorCreationContext;
import org.hibernate.id.IdentifierGenerator;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Assigns ids of {@link BlockAllocatedId} columns in the application, before the insert.
 *
 * <ul>
 *   <li><b>PostgreSQL</b>: the next value of the column's own identity sequence, taken when the row
 *       is created. Not in blocks: several orchestrators share the table, and a task's history is
 *       read in id order, so an id must not be older than the transaction that writes it (a block
 *       taken earlier by another instance would put a later entry before an earlier one). The round
 *       trip per id replaces the one of {@code INSERT … RETURNING id}; the inserts batch.
 *   <li><b>SQLite</b>: one connection writes (see {@code SqliteDataSourceConfiguration}), so while
 *       a write transaction runs nobody else inserts. The first id a transaction needs is read once
 *       as the largest ever used ({@code sqlite_sequence}, which SQLite also advances for explicit
 *       ids, or the largest present); the transaction's next ids count up from it. Nothing is kept
 *       across transactions, so a rollback or a plain {@code INSERT} elsewhere cannot lead to a
 *       duplicate, and ids of deleted rows are never reused ({@code AUTOINCREMENT}'s promise).
 * </ul>
 */
public final class BlockIdGenerator implements IdentifierGenerator {

  private final String table;

  public BlockIdGenerator(
      BlockAllocatedId config, Member member, GeneratorCreationContext context) {
    this.table = config.table();
  }

  @Override
  public Object generate(SharedSessionContractImplementor session, Object owner) {
    try {
      if (session.getJdbcServices().getDialect() instanceof PostgreSQLDialect) {
        return nextFromSequence(connection(session));
      }
      return nextInTransaction(connection(session), table);
    } catch (SQLException e) {
      throw new HibernateException("could not assign an id for " + table + ": " + e, e);
    }
  }

  private static Connection connection(SharedSessionContractImplementor session) {
    return session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
  }

  private long nextFromSequence(Connection connection) throws SQLException {
    try (var statement =
        connection.prepareStatement("SELECT nextval(pg_get_serial_sequence(?, 'id'))")) {
      statement.setString(1, table);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * The next id of {@code table} on SQLite, from the counter of the current transaction: the one
   * this generator and {@code RowInserts} (which writes new rows without entities) both draw from,
   * so the rows of one transaction never get the same id whichever way they are inserted.
   */
  public static long nextInTransaction(Connection connection, String table) throws SQLException {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return largestUsed(connection, table) + 1;
    }
    var key = new CounterKey(table);
    Counter counter = TransactionBound.find(key);
    if (counter == null) {
      // A transaction started inside this one (REQUIRES_NEW) counts from the table again.
      counter =
          TransactionBound.bind(
              key, new Counter(largestUsed(connection, table)), TransactionBound.HELD_ONLY);
    }
    return ++counter.last;
  }

  private static long largestUsed(Connection connection, String table) throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),"
                + " COALESCE((SELECT MAX(id) FROM "
                + table
                + "), 0))")) {
      statement.setString(1, table);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The key of a table's counter among the transaction's resources. */
  private record CounterKey(String table) {}

  /** The last id handed out in the current transaction. */
  private static final class Counter {
    long last;

    Counter(long last) {
      this.last = last;
    }
  }
}
