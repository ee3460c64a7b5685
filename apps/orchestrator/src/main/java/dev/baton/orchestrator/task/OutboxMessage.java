package dev.baton.orchestrator.task;

import dev.baton.orchestrator.persistence.BlockAllocatedId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message that must reach the broker, written in the same transaction as the task change that
 * needs it (the transactional outbox). The relay deletes it only once the broker has confirmed it,
 * so a crash in between publishes it again — never loses it.
 */
@Entity
@Table(name = "outbox")
public class OutboxMessage {

  /** What the message is. */
  public enum Kind {
    /** A task attempt for the workers of its type. */
    DISPATCH,
    /** A control message for one worker. */
    CONTROL
  }

  @Id
  @BlockAllocatedId(table = "outbox")
  private Long id;

  @Column(name = "task_id", nullable = false)
  private String taskId;

  private int attempt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Kind kind;

  /** The task type (DISPATCH) or the worker id (CONTROL); the relay turns it into a routing key. */
  @Column(nullable = false)
  private String target;

  @Column(name = "message_id", nullable = false)
  private String messageId;

  private int priority;

  @Column(nullable = false)
  private String payload;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** Not published before this instant: carries retry backoff and schedules through restarts. */
  @Column(name = "not_before", nullable = false)
  private Instant notBefore;

  @Column(name = "publish_attempts")
  private int publishAttempts;

  @Column(name = "last_error")
  private String lastError;

  /** Held back by the type's concurrency limit; the task is already QUEUED. */
  private boolean held;

  /** The task's tenant (DISPATCH), for routing to a tenant's own queues; null on CONTROL rows. */
  @Column(name = "tenant_id")
  private String tenantId;

  protected OutboxMessage() {}

  OutboxMessage(
      String taskId,
      int attempt,
      Kind kind,
      String target,
      String messageId,
      int priority,
      String payload,
      Instant createdAt,
      Instant notBefore) {
    this.taskId = taskId;
    this.attempt = attempt;
    this.kind = kind;
    this.target = target;
    this.messageId = messageId;
    this.priority = priority;
    this.payload = payload;
    this.createdAt = createdAt;
    this.notBefore = notBefore;
  }

  /** This message, marked as carrying a task of {@code tenant}. */
  OutboxMessage ofTenant(String tenant) {
    this.tenantId = tenant;
    return this;
  }

  public String tenantId() {
    return tenantId;
  }

  /** A publish failed: try again at {@code next}, remembering why. */
  public void publishFailed(String error, Instant next) {
    publishAttempts++;
    lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
    notBefore = next;
  }

  /**
   * Not tried now (its queue is backing off after a failure): try at {@code next}. Not a failure of
   * this message, so not counted.
   */
  public void deferTo(Instant next) {
    notBefore = next;
  }

  /** The type's concurrency limit is reached: keep the message until a slot frees. */
  public void hold() {
    held = true;
  }

  /**
   * The task was patched before this dispatch went out: publish it with the new priority and
   * payload.
   */
  void replaceDispatch(int newPriority, String newPayload) {
    priority = newPriority;
    payload = newPayload;
  }

  public Long id() {
    return id;
  }

  public String taskId() {
    return taskId;
  }

  public int attempt() {
    return attempt;
  }

  public Kind kind() {
    return kind;
  }

  public String target() {
    return target;
  }

  public String messageId() {
    return messageId;
  }

  public int priority() {
    return priority;
  }

  public String payload() {
    return payload;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public int publishAttempts() {
    return publishAttempts;
  }

  public String lastError() {
    return lastError;
  }

  public boolean held() {
    return held;
  }
}
