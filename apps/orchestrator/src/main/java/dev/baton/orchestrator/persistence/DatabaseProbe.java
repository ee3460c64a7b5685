package dev.baton.orchestrator.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells "the database is failing" from "this one event or task fails": after something could not be
 * applied, the events consumer and the sweeps ask whether the database takes a write at all. A
 * statement that changes no row still needs what every write needs — a connection, a read-write
 * transaction (SQLite's write lock, a primary rather than a read-only PostgreSQL replica) and a
 * commit — and costs next to nothing.
 */
@Component
public class DatabaseProbe {

  private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

  @PersistenceContext private EntityManager entityManager;
  private final TransactionTemplate tx;

  public DatabaseProbe(PlatformTransactionManager transactionManager) {
    this.tx = new TransactionTemplate(transactionManager);
  }

  /** Whether a write transaction commits now. */
  public boolean acceptsWrites() {
    try {
      tx.executeWithoutResult(
          status ->
              entityManager
                  .createNativeQuery("UPDATE workers SET capacity = capacity WHERE 1 = 0")
                  .executeUpdate());
      return true;
    } catch (RuntimeException e) {
      log.debug("database probe failed", e);
      return false;
    }
  }
}
