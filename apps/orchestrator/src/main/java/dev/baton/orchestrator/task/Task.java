package dev.baton.orchestrator.task;

import dev.baton.orchestrator.persistence.StringMapJsonConverter;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.springframework.data.domain.Persistable;

/**
 * A task: what a producer submitted and where it stands. Its status changes only through its named
 * operations ({@link #markQueued}, {@link #assign}, {@link #start}, {@link #complete}, {@link
 * #fail}, …), each named by a row of {@link TaskTransitionTable}; there is no public status setter.
 */
@Entity
@Table(name = "tasks")
// A transition changes a few columns; writing only those spares SQLite the entries of every index
// on columns that did not change (a whole-row UPDATE rewrites all nine).
@DynamicUpdate
public class Task implements Persistable<String> {

  /** Ids in creation order, so that new index entries append (see {@link TimeOrderedUuids}). */
  private static final TimeOrderedUuids IDS = new TimeOrderedUuids();

  @Id private String id;

  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String type;

  private String version;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private TaskStatus status;

  private int priority;

  /** JSON text, as submitted. */
  @Column(nullable = false)
  private String input;

  /** JSON text of the last successful attempt's result. */
  private String result;

  @Column(name = "error_message")
  private String errorMessage;

  @Column(name = "error_type")
  private String errorType;

  @Column(name = "error_retryable")
  private Boolean errorRetryable;

  private int attempt;

  @Column(name = "max_retries")
  private int maxRetries;

  @Column(name = "timeout_seconds")
  private int timeoutSeconds;

  /**
   * Never changed in place, only replaced (see {@link #patch}): immutable to Hibernate, so it skips
   * the JSON round trip of a deep copy on every load and flush.
   */
  @Convert(converter = StringMapJsonConverter.class)
  @Mutability(Immutability.class)
  private Map<String, String> tags;

  /**
   * The same tags as rows of {@code task_tags}, which tag filters search (lazy: only PATCH loads
   * them). Only {@link #submitted} and {@link #patch} change tags, and both keep the two in step.
   */
  @ElementCollection
  @CollectionTable(name = "task_tags", joinColumns = @JoinColumn(name = "task_id"))
  @MapKeyColumn(name = "tag_key")
  private Map<String, TaskTag> tagRows = new HashMap<>();

  @Column(name = "idempotency_key")
  private String idempotencyKey;

  @Column(name = "worker_id")
  private String workerId;

  private Integer progress;

  @Column(name = "run_at")
  private Instant runAt;

  @Column(name = "backoff_initial_ms")
  private Long backoffInitialMs;

  @Column(name = "backoff_factor")
  private Double backoffFactor;

  @Column(name = "backoff_max_ms")
  private Long backoffMaxMs;

  @Column(name = "deadline_at")
  private Instant deadlineAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "queued_at")
  private Instant queuedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** Optimistic lock: SQLite's dialect ignores FOR UPDATE, so every change is a checked update. */
  @Version
  @Column(name = "row_version", nullable = false)
  private long rowVersion;

  /**
   * True until stored or loaded: {@code save} of a new task is then a plain INSERT, not a merge
   * that first SELECTs the (assigned) id to find out.
   */
  @Transient private boolean isNew;

  protected Task() {}

  @PostLoad
  @PostPersist
  void markStored() {
    isNew = false;
  }

  @Override
  public boolean isNew() {
    return isNew;
  }

  /** The id as stored (Spring Data's {@link Persistable}); {@link #id()} is the typed one. */
  @Override
  public String getId() {
    return id;
  }

  /** A new task, in {@code SUBMITTED}, first attempt pending. */
  public static Task submitted(NewTask spec, Instant now) {
    // Stored in milliseconds: the 201 must show the createdAt that lists and filters compare.
    now = now.truncatedTo(ChronoUnit.MILLIS);
    var task = new Task();
    task.isNew = true;
    task.id = IDS.next(now.toEpochMilli()).toString();
    task.tenantId = spec.tenantId();
    task.type = spec.type();
    task.version = spec.version();
    task.status =
        spec.runAt() != null && spec.runAt().isAfter(now)
            ? TaskStatus.SCHEDULED
            : TaskStatus.SUBMITTED;
    task.priority = spec.priority();
    task.input = spec.inputJson();
    task.attempt = 1;
    task.maxRetries = spec.maxRetries();
    task.timeoutSeconds = spec.timeoutSeconds();
    task.tags = spec.tags();
    task.idempotencyKey = spec.idempotencyKey();
    task.runAt = spec.runAt();
    if (spec.backoff() != null) {
      task.backoffInitialMs = spec.backoff().base().toMillis();
      task.backoffFactor = spec.backoff().factor();
      task.backoffMaxMs = spec.backoff().cap().toMillis();
    }
    task.createdAt = now;
    task.updatedAt = now;
    task.indexTags();
    return task;
  }

  /**
   * A task imported from an earlier task store. A terminal one keeps its state, result or error,
   * worker and times, as history. A non-terminal one cannot be trusted to be still running (its
   * worker belonged to the old system), so it starts over: {@code SUBMITTED}, attempt 1, no worker,
   * and the caller writes its dispatch.
   */
  static Task imported(ImportedTask spec, Instant now) {
    var task = new Task();
    task.isNew = true;
    task.id = spec.id().toString();
    task.tenantId = spec.tenantId();
    task.type = spec.type();
    task.priority = spec.priority();
    task.input = spec.inputJson();
    task.attempt = 1;
    task.maxRetries = spec.maxRetries();
    task.timeoutSeconds = spec.timeoutSeconds();
    task.tags = spec.tags();
    task.createdAt = spec.createdAt() != null ? spec.createdAt() : now;
    task.updatedAt = now;
    if (spec.status().isTerminal()) {
      task.status = spec.status();
      task.workerId = spec.workerId();
      task.startedAt = spec.startedAt();
      task.completedAt = spec.completedAt() != null ? spec.completedAt() : now;
      if (spec.status() == TaskStatus.COMPLETED) {
        task.result = spec.resultJson();
        task.progress = 100;
      } else {
        task.recordError(spec.error());
      }
    } else {
      task.status = TaskStatus.SUBMITTED;
    }
    return task;
  }

  /** What the state machine needs to know of this task. */
  TaskState state() {
    return new TaskState(status, attempt, maxRetries, workerId);
  }

  /**
   * Renews the lease of the attempt a worker holds: its deadline becomes {@code now +
   * timeoutSeconds}. HTTP pull workers renew it with every heartbeat; no status changes.
   */
  public void renewLease(Instant now) {
    if (status.isWithWorker()) {
      deadlineAt = now.plusSeconds(timeoutSeconds);
      updatedAt = now;
    }
  }

  /** Its dispatch was lost in the broker and written again: no state change, a new version. */
  void dispatchedAgain(Instant now) {
    updatedAt = now;
  }

  /**
   * Carries out an applied decision of {@link TaskStateMachine} for {@code event}: the operation
   * its row names, after the take-over of the attempt if it is one.
   */
  void carryOut(Decision decision, TaskEvent event, Instant now) {
    if (!decision.applied()) {
      throw new IllegalArgumentException("only APPLY decisions change a task: " + decision);
    }
    if (decision.isTakeOver()) {
      takeOver(event.workerId());
    }
    decision.operation().carryOut(this, event, now);
  }

  /** The broker confirmed the attempt's dispatch (or the relay queued it for pull workers). */
  void markQueued(Instant now) {
    moveTo(TaskStatus.QUEUED, now);
    queuedAt = now;
  }

  /** {@code worker} received the attempt (or claimed it). */
  void assign(String worker, Instant now) {
    moveTo(TaskStatus.ASSIGNED, now);
    workerId = worker;
    // The attempt's clock starts when a worker has it: time spent queued is not its fault.
    deadlineAt = now.plusSeconds(timeoutSeconds);
  }

  /**
   * {@code worker}'s handler started the attempt (a report of progress before any of running says
   * so too). The deadline runs from now unless it already runs from the assignment.
   */
  void start(String worker, Integer reportedProgress, Instant now) {
    var from = status;
    moveTo(TaskStatus.RUNNING, now);
    workerId = worker;
    startedAt = now;
    if (from != TaskStatus.ASSIGNED) {
      deadlineAt = now.plusSeconds(timeoutSeconds);
    }
    recordProgress(worker, reportedProgress, now);
  }

  /** Progress of the running attempt. */
  void recordProgress(String worker, Integer reportedProgress, Instant now) {
    moveTo(TaskStatus.RUNNING, now);
    workerId = worker;
    if (reportedProgress != null) {
      progress = reportedProgress;
    }
  }

  /**
   * The attempt succeeded on {@code worker} (its handler started at {@code ranSince}, if known).
   */
  void complete(String worker, Instant ranSince, String resultJson, Instant now) {
    moveTo(TaskStatus.COMPLETED, now);
    recordRun(worker, ranSince);
    result = resultJson;
    progress = 100;
    clearError();
    ended(now);
  }

  /** The attempt failed, and no other will follow. */
  void fail(TaskError error, Instant now) {
    moveTo(TaskStatus.FAILED, now);
    recordError(error);
    ended(now);
  }

  /** The attempt failed; the next one starts with its dispatch, after the backoff. */
  void scheduleRetry(TaskError error, Instant now) {
    moveTo(TaskStatus.RETRYING, now);
    recordError(error);
    nextAttempt();
  }

  void cancel(Instant now) {
    moveTo(TaskStatus.CANCELLED, now);
    ended(now);
  }

  /** An admin retry of a failed or cancelled task: a new attempt, from the start. */
  void resubmit(Instant now) {
    moveTo(TaskStatus.SUBMITTED, now);
    result = null;
    progress = null;
    nextAttempt();
  }

  /**
   * A redelivered dispatch's report takes the attempt over from its holder: the holder's run of the
   * attempt is over, the attempt is back in the queue, and the new holder's run starts from there
   * (the operation of the report follows).
   */
  private void takeOver(String newHolder) {
    status = TaskStatus.QUEUED;
    workerId = newHolder;
    startedAt = null;
    progress = null;
  }

  /**
   * A result names the worker that ran the attempt, and (v1.1) when its handler started: a worker
   * that reported no {@code RUNNING} still leaves both on the task ({@code QUEUED → COMPLETED}).
   */
  void recordRun(String worker, Instant ranSince) {
    workerId = worker;
    if (startedAt == null && ranSince != null) {
      startedAt = ranSince;
    }
  }

  private void moveTo(TaskStatus to, Instant now) {
    status = to;
    updatedAt = now;
  }

  private void ended(Instant now) {
    completedAt = now;
    deadlineAt = null;
  }

  /** The next attempt starts with its dispatch; events of the old one are now stale. */
  private void nextAttempt() {
    attempt++;
    workerId = null;
    startedAt = null;
    deadlineAt = null;
    completedAt = null;
  }

  /**
   * Changes the priority and/or the tags (each when not null; {@code newTags} replaces them all) of
   * a task that has not ended. A new priority reaches only dispatches not yet published: the caller
   * rewrites the pending ones.
   *
   * @return what changed, for the task's history ({@code "patched: priority 5→9"}), or null if
   *     nothing did
   * @throws TaskConflictException when the task is terminal
   */
  String patch(Integer newPriority, Map<String, String> newTags, Instant now) {
    if (status.isTerminal()) {
      throw new TaskConflictException(
          id(), status, "a " + status + " task cannot be changed; only non-terminal tasks can");
    }
    var changes = new ArrayList<String>();
    if (newPriority != null && newPriority != priority) {
      changes.add("priority " + priority + "→" + newPriority);
      priority = newPriority;
    }
    if (newTags != null && !newTags.equals(tags())) {
      changes.add("tags " + TagChanges.describe(tags(), newTags));
      tags = Map.copyOf(newTags);
      indexTags();
    }
    if (changes.isEmpty()) {
      return null;
    }
    updatedAt = now;
    return "patched: " + String.join(", ", changes);
  }

  /** Brings {@code task_tags} in line with {@link #tags}, touching only the rows that differ. */
  private void indexTags() {
    var current = tags();
    tagRows.keySet().retainAll(current.keySet());
    current.forEach(
        (key, value) -> {
          var row = tagRows.get(key);
          if (row == null || !Objects.equals(row.value(), value)) {
            tagRows.put(key, new TaskTag(value, createdAt));
          }
        });
  }

  private void recordError(TaskError error) {
    errorMessage = error == null ? null : error.message();
    errorType = error == null ? null : error.type();
    errorRetryable = error == null ? null : error.retryable();
  }

  private void clearError() {
    errorMessage = null;
    errorType = null;
    errorRetryable = null;
  }

  public UUID id() {
    return UUID.fromString(id);
  }

  public String tenantId() {
    return tenantId;
  }

  public String type() {
    return type;
  }

  public String version() {
    return version;
  }

  public TaskStatus status() {
    return status;
  }

  public int priority() {
    return priority;
  }

  public String inputJson() {
    return input;
  }

  public String resultJson() {
    return result;
  }

  public TaskError error() {
    return errorType == null && errorMessage == null
        ? null
        : new TaskError(errorMessage, errorType, errorRetryable);
  }

  public int attempt() {
    return attempt;
  }

  public int maxRetries() {
    return maxRetries;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public Map<String, String> tags() {
    return tags == null ? Map.of() : tags;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String workerId() {
    return workerId;
  }

  public Integer progress() {
    return progress;
  }

  public Instant runAt() {
    return runAt;
  }

  /** This task's retry backoff: its own settings where it has them, else {@code defaults}. */
  public RetryBackoff backoff(RetryBackoff defaults) {
    if (backoffInitialMs == null && backoffFactor == null && backoffMaxMs == null) {
      return defaults;
    }
    return new RetryBackoff(
        backoffInitialMs != null ? Duration.ofMillis(backoffInitialMs) : defaults.base(),
        backoffFactor != null ? backoffFactor : defaults.factor(),
        backoffMaxMs != null ? Duration.ofMillis(backoffMaxMs) : defaults.cap(),
        defaults.jitter());
  }

  // The stored backoff columns and version, for RowInserts (null: the defaults apply).
  Long backoffInitialMs() {
    return backoffInitialMs;
  }

  Double backoffFactor() {
    return backoffFactor;
  }

  Long backoffMaxMs() {
    return backoffMaxMs;
  }

  long rowVersion() {
    return rowVersion;
  }

  public Instant deadlineAt() {
    return deadlineAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant queuedAt() {
    return queuedAt;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant completedAt() {
    return completedAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
