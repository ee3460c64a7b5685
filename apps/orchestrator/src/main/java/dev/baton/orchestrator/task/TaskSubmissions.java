package dev.baton.orchestrator.task;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.persistence.InstantMillisConverter;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskSubmission;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts submissions from REST and AMQP: fills defaults, honours idempotency keys, persists the
 * task with its dispatch. Validation of the fields' shapes happens at the edges (Jakarta Validation
 * on REST); this class re-checks what must hold whatever the edge.
 */
@Service
public class TaskSubmissions {

  /** The tenant of open mode (no API keys) and of tasks stored before tenants existed. */
  public static final String DEFAULT_TENANT = "default";

  private final TaskTransitions transitions;
  private final TaskRepository tasks;
  private final ProtocolCodec codec;
  private final BatonProperties.Tasks defaults;
  private final RetryBackoff defaultBackoff;
  private final SubmissionRules rules;
  private final RowInserts inserts;

  public TaskSubmissions(
      TaskTransitions transitions,
      TaskRepository tasks,
      ProtocolCodec codec,
      BatonProperties properties,
      RetryBackoff defaultBackoff,
      SubmissionRules rules,
      RowInserts inserts) {
    this.inserts = inserts;
    this.transitions = transitions;
    this.tasks = tasks;
    this.codec = codec;
    this.defaults = properties.tasks();
    this.defaultBackoff = defaultBackoff;
    this.rules = rules;
  }

  /**
   * Persists a submission.
   *
   * @throws IdempotencyConflictException when the key was used before for a different submission
   */
  @Transactional
  public Submitted submit(TaskSubmission submission, String tenant) {
    return store(submission, tenant);
  }

  /**
   * {@link #submit} in the caller's transaction, for {@link BatchSubmissions}: a batch passes the
   * transaction interceptor once, not once more per item.
   */
  Submitted store(TaskSubmission submission, String tenant) {
    var spec = toNewTask(rules.apply(submission), Objects.requireNonNull(tenant, "tenant"));
    if (spec.idempotencyKey() != null) {
      // The tasks this transaction created are written at its commit: the key may be among them.
      inserts.flush();
      Optional<Task> earlier =
          tasks.findByTenantIdAndIdempotencyKey(spec.tenantId(), spec.idempotencyKey());
      if (earlier.isPresent()) {
        // A repeat that names no version matches whichever version the first one ran.
        if (!sameSubmission(earlier.get(), spec, submission.version() != null)) {
          throw new IdempotencyConflictException(spec.idempotencyKey(), earlier.get().id());
        }
        return new Submitted(earlier.get(), false);
      }
    }
    return new Submitted(transitions.create(spec), true);
  }

  private NewTask toNewTask(TaskSubmission s, String tenant) {
    if (s.runAt() != null && !InstantMillisConverter.storable(s.runAt())) {
      throw new InvalidSubmissionException(
          "runAt", "must be from " + InstantMillisConverter.STORABLE_RANGE);
    }
    var input = s.input() == null ? "{}" : s.input().toString();
    return new NewTask(
        tenant,
        Objects.requireNonNull(s.type(), "type"),
        s.version(),
        s.priority() != null ? s.priority() : defaults.defaultPriority(),
        input,
        s.maxRetries() != null ? s.maxRetries() : defaults.defaultMaxRetries(),
        s.timeoutSeconds() != null ? s.timeoutSeconds() : defaults.defaultTimeoutSeconds(),
        s.tags() == null ? Map.of() : Map.copyOf(s.tags()),
        s.idempotencyKey(),
        s.runAt(),
        backoff(s.backoff()));
  }

  private RetryBackoff backoff(TaskSubmission.Backoff b) {
    var base = defaultBackoff;
    if (b == null) {
      return base;
    }
    var initial = b.initialMs() != null ? Duration.ofMillis(b.initialMs()) : base.base();
    var max = b.maxMs() != null ? Duration.ofMillis(b.maxMs()) : base.cap();
    if (max.compareTo(initial) < 0) {
      throw new InvalidSubmissionException(
          "backoff.maxMs", "must not be less than backoff.initialMs");
    }
    return new RetryBackoff(
        initial, b.factor() != null ? b.factor() : base.factor(), max, base.jitter());
  }

  private boolean sameSubmission(Task t, NewTask spec, boolean versionGiven) {
    return t.type().equals(spec.type())
        && (!versionGiven || Objects.equals(t.version(), spec.version()))
        && t.priority() == spec.priority()
        && codec.readTree(t.inputJson()).equals(codec.readTree(spec.inputJson()))
        && t.maxRetries() == spec.maxRetries()
        && t.timeoutSeconds() == spec.timeoutSeconds()
        && t.tags().equals(spec.tags())
        && Objects.equals(t.runAt(), spec.runAt())
        && t.backoff(defaultBackoff).equals(spec.backoff());
  }

  /** The task and whether this call created it (false: an idempotent repeat). */
  public record Submitted(Task task, boolean created) {}
}
