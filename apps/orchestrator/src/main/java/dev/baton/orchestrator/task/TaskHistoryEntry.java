package dev.baton.orchestrator.task;

import dev.baton.orchestrator.persistence.BlockAllocatedId;
import dev.baton.protocol.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of a task's history: a trigger, what it did (applied, ignored or rejected), and why.
 * Ignored events are kept too, so a task's history explains every message that concerned it.
 */
@Entity
@Table(name = "task_history")
public class TaskHistoryEntry {

  /** What became of a trigger. */
  public enum Outcome {
    APPLIED,
    IGNORED,
    REJECTED
  }

  @Id
  @BlockAllocatedId(table = "task_history")
  private Long id;

  @Column(name = "task_id", nullable = false)
  private String taskId;

  private int attempt;

  @Enumerated(EnumType.STRING)
  @Column(name = "trigger_name")
  private Trigger trigger;

  @Enumerated(EnumType.STRING)
  @Column(name = "from_status")
  private TaskStatus fromStatus;

  @Enumerated(EnumType.STRING)
  @Column(name = "to_status")
  private TaskStatus toStatus;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Outcome outcome;

  private String reason;

  @Column(name = "worker_id")
  private String workerId;

  private String detail;

  @Column(nullable = false)
  private Instant at;

  protected TaskHistoryEntry() {}

  TaskHistoryEntry(
      String taskId,
      int attempt,
      Trigger trigger,
      TaskStatus fromStatus,
      TaskStatus toStatus,
      Outcome outcome,
      String reason,
      String workerId,
      String detail,
      Instant at) {
    this.taskId = taskId;
    this.attempt = attempt;
    this.trigger = trigger;
    this.fromStatus = fromStatus;
    this.toStatus = toStatus;
    this.outcome = outcome;
    this.reason = reason;
    this.workerId = workerId;
    this.detail = detail;
    this.at = at;
  }

  /** The first entry of every task: it was accepted. */
  static TaskHistoryEntry created(Task task, Instant at) {
    return new TaskHistoryEntry(
        task.id().toString(),
        task.attempt(),
        null,
        null,
        task.status(),
        Outcome.APPLIED,
        null,
        null,
        "submitted",
        at);
  }

  /**
   * A change of priority or tags ({@code PATCH}): not a state change, so no trigger (like the
   * creation entry) and {@code from} = {@code to}; {@code detail} says what changed.
   */
  static TaskHistoryEntry patched(Task task, String detail, Instant at) {
    return new TaskHistoryEntry(
        task.id().toString(),
        task.attempt(),
        null,
        task.status(),
        task.status(),
        Outcome.APPLIED,
        null,
        null,
        detail,
        at);
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

  /** The trigger, or null for the entry that records the task's creation. */
  public Trigger trigger() {
    return trigger;
  }

  public TaskStatus fromStatus() {
    return fromStatus;
  }

  public TaskStatus toStatus() {
    return toStatus;
  }

  public Outcome outcome() {
    return outcome;
  }

  public String reason() {
    return reason;
  }

  public String workerId() {
    return workerId;
  }

  public String detail() {
    return detail;
  }

  public Instant at() {
    return at;
  }
}
