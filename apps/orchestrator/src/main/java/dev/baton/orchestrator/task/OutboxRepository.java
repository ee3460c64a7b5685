package dev.baton.orchestrator.task;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Pending outbox messages. */
interface OutboxRepository extends JpaRepository<OutboxMessage, Long> {

  /**
   * Messages due for publishing, earliest due first, at most {@code limit} (index ix_outbox_due).
   */
  List<OutboxMessage> findByHeldFalseAndNotBeforeLessThanEqualOrderByNotBeforeAscIdAsc(
      Instant now, Limit limit);

  /**
   * Messages due after the position ({@code notBefore}, {@code id}) in the relay's order: those not
   * yet handed to the broker while earlier ones wait for their confirms (index ix_outbox_due).
   */
  @Query(
      "select o from OutboxMessage o where o.held = false and o.notBefore <= :now"
          + " and (o.notBefore > :afterNotBefore"
          + " or (o.notBefore = :afterNotBefore and o.id > :afterId))"
          + " order by o.notBefore asc, o.id asc")
  List<OutboxMessage> findDueAfter(Instant now, Instant afterNotBefore, long afterId, Limit limit);

  /** Task types that have dispatches held back by a concurrency limit (index ix_outbox_held). */
  @Query("select distinct o.target from OutboxMessage o where o.held = true")
  List<String> findHeldTargets();

  /** How many dispatches of a type are held (index ix_outbox_held). */
  long countByHeldTrueAndTarget(String target);

  /**
   * A type's held dispatches that are due, in dispatch order: highest priority, then oldest (one
   * the broker did not take waits for its next try).
   */
  List<OutboxMessage> findByHeldTrueAndTargetAndNotBeforeLessThanEqualOrderByPriorityDescIdAsc(
      String target, Instant now, Limit limit);

  /** Pending dispatches of a type (index ix_outbox_held serves it with its held prefix). */
  long countByKindAndTarget(OutboxMessage.Kind kind, String target);

  /** Whether a task has a pending dispatch (index ix_outbox_task). */
  boolean existsByTaskIdAndKind(String taskId, OutboxMessage.Kind kind);

  /** Drops a task's pending messages of one kind (a cancelled task's next dispatch). */
  void deleteByTaskIdAndKind(String taskId, OutboxMessage.Kind kind);

  /** A task's pending messages of one kind (a patched task's unpublished dispatch). */
  List<OutboxMessage> findByTaskIdAndKind(String taskId, OutboxMessage.Kind kind);
}
