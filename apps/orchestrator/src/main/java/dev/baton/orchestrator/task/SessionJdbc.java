package dev.baton.orchestrator.task;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.Session;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;

/**
 * Plain JDBC on the connection of the current JPA transaction, for the hot writes that are cheaper
 * without entities ({@link RowTransitions}, {@link Outbox#delete}). Failures come out as a
 * repository's would: a lost race (deadlock, serialization failure) as Spring's {@code
 * ConcurrencyFailureException}, which {@code ConflictRetry} repeats. Hibernate's own wrapping of a
 * work's {@link SQLException} loses that (it came out as a {@code JpaSystemException}).
 */
final class SessionJdbc {

  private static final SQLExceptionTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

  /** Work on the connection. */
  interface Work<T> {
    T execute(Connection connection) throws SQLException;
  }

  private SessionJdbc() {}

  static <T> T run(EntityManager entityManager, String what, Work<T> work) {
    try {
      return entityManager
          .unwrap(Session.class)
          .doReturningWork(
              connection -> {
                try {
                  return work.execute(connection);
                } catch (SQLException e) {
                  var translated = TRANSLATOR.translate(what, null, e);
                  throw translated != null
                      ? translated
                      : new UncategorizedSQLException(what, null, e);
                }
              });
    } catch (RuntimeException e) {
      var translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(e);
      throw translated != null ? translated : e;
    }
  }
}
