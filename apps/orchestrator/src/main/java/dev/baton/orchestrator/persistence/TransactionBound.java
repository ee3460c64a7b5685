package dev.baton.orchestrator.persistence;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value held for the current transaction under a key (rows to insert at commit, events to publish
 * after it, an id counter): bound on first use, dropped when the transaction completes. A
 * transaction started inside it (REQUIRES_NEW) does not see it — the value steps aside while the
 * inner one runs, so the inner one binds its own, and comes back when the outer one resumes.
 */
public final class TransactionBound {

  /** What a bound value does as its transaction ends; each step optional. */
  public interface Callbacks<T> {

    /** Among the transaction's synchronizations ({@link Ordered}). */
    default int order() {
      return Ordered.LOWEST_PRECEDENCE;
    }

    /** Before the commit, inside the transaction: a failure here rolls it back. */
    default void beforeCommit(T value) {}

    /** After the transaction committed (never after a rollback). */
    default void afterCommit(T value) {}
  }

  /** A value with nothing to do at the transaction's end: only held, and dropped with it. */
  public static final Callbacks<Object> HELD_ONLY = new Callbacks<>() {};

  private TransactionBound() {}

  /** The value bound under {@code key} to the current transaction, or null if none is yet. */
  @SuppressWarnings("unchecked")
  public static <T> T find(Object key) {
    return (T) TransactionSynchronizationManager.getResource(key);
  }

  /**
   * Binds {@code value} under {@code key} to the current transaction, which must be synchronizing
   * and must not hold a value under that key yet; returns the value.
   */
  public static <T> T bind(Object key, T value, Callbacks<? super T> callbacks) {
    TransactionSynchronizationManager.bindResource(key, value);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public int getOrder() {
            return callbacks.order();
          }

          @Override
          public void beforeCommit(boolean readOnly) {
            callbacks.beforeCommit(value);
          }

          @Override
          public void suspend() {
            TransactionSynchronizationManager.unbindResource(key);
          }

          @Override
          public void resume() {
            TransactionSynchronizationManager.bindResource(key, value);
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            if (status == STATUS_COMMITTED) {
              callbacks.afterCommit(value);
            }
          }
        });
    return value;
  }
}
