package dev.baton.orchestrator.persistence;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.hibernate.annotations.IdGeneratorType;

/**
 * A numeric id the application assigns before the insert (see {@link BlockIdGenerator}), so
 * Hibernate can batch the inserts of a transaction into one prepared statement instead of one
 * statement and one {@code last_insert_rowid()} select per row, as a database-generated id forces.
 */
@IdGeneratorType(BlockIdGenerator.class)
@Retention(RUNTIME)
@Target(FIELD)
public @interface BlockAllocatedId {

  /** The table whose {@code id} column this is. */
  String table();
}
