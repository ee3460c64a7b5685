package dev.baton.orchestrator.persistence;

/** Values of JPA query hints shared by the repositories. */
public final class LockHints {

  /**
   * Hibernate's {@code jakarta.persistence.lock.timeout} for SKIP LOCKED. With a {@code
   * PESSIMISTIC_WRITE} lock, several orchestrators on PostgreSQL take disjoint rows instead of
   * waiting for each other's and then losing the race; SQLite (one writer, no row locks) leaves the
   * clause out.
   */
  public static final String SKIP_LOCKED = "-2";

  private LockHints() {}
}
