package dev.baton.orchestrator.pull;

import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.task.Task;
import dev.baton.orchestrator.task.TaskEvent;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.task.TaskTransitions.TransitionResult;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * HTTP pull workers: claim tasks, then report on the attempts they hold. Every change goes through
 * the state machine; a claim is a {@code WORKER_ASSIGNED} by the claimer ({@code
 * TaskEvent.Claimed}), and the attempt's deadline is the claimer's lease.
 *
 * <p>A type with a {@code concurrencyLimit} is claimed only once the relay has given the attempt a
 * slot (its dispatch released, the task {@code QUEUED} and not held): a claim then moves the slot
 * from the broker's copy to the claimer and never takes one of its own, so the relay stays the only
 * place that counts slots (see {@code dispatch.ConcurrencyGate}).
 *
 * <p>All methods run in one read-write transaction on SQLite's single writer connection, so reading
 * the candidates and assigning them cannot interleave with another claim: each task is claimed by
 * one worker only. (On a database with concurrent writers the optimistic lock of each task makes a
 * lost race fail the claim's transaction, which the worker simply repeats.)
 */
@Service
public class PullWorkers {

  /**
   * Claimable states. {@code SUBMITTED} too, so pull workers keep working while the broker is down
   * (a task leaves {@code SUBMITTED} only when the broker confirms its dispatch).
   */
  private static final List<TaskStatus> CLAIMABLE =
      List.of(TaskStatus.QUEUED, TaskStatus.SUBMITTED);

  private static final Comparator<Task> CLAIM_ORDER =
      Comparator.comparingInt(Task::priority).reversed().thenComparing(Task::createdAt);

  private final ClaimableTasks claimable;
  private final TaskQueries queries;
  private final TaskTransitions transitions;
  private final DefinitionRegistry definitions;
  private final Clock clock;

  PullWorkers(
      ClaimableTasks claimable,
      TaskQueries queries,
      TaskTransitions transitions,
      DefinitionRegistry definitions,
      Clock clock) {
    this.claimable = claimable;
    this.queries = queries;
    this.transitions = transitions;
    this.definitions = definitions;
    this.clock = clock;
  }

  /**
   * Leases up to {@code limit} tasks of {@code types} to {@code workerId}, best first; each is now
   * {@code ASSIGNED} to it with a deadline of {@code timeoutSeconds}. Only tasks of {@code tenant}
   * (null: of any tenant — an operator's worker).
   */
  @Transactional
  public List<Task> claim(String workerId, Collection<String> types, int limit, String tenant) {
    var now = clock.instant();
    var candidates = new ArrayList<Task>();
    // One index lookup per (status, type), each already in claim order: bounded by the limit.
    for (var status : CLAIMABLE) {
      for (var type : new LinkedHashSet<>(types)) {
        if (status == TaskStatus.SUBMITTED && definitions.concurrencyLimit(type).isPresent()) {
          continue; // no slot yet: the relay gives it, or holds the dispatch back
        }
        candidates.addAll(
            tenant == null
                ? claimable.findClaimable(status, type, Limit.of(limit))
                : claimable.findClaimableInTenant(status, type, tenant, Limit.of(limit)));
      }
    }
    candidates.sort(CLAIM_ORDER);
    var claimed = new ArrayList<Task>(limit);
    for (var task : candidates) {
      if (claimed.size() == limit) {
        break;
      }
      if (task.runAt() != null && task.runAt().isAfter(now)) {
        continue; // an admin retry of a task scheduled for later: not due yet
      }
      // A claim of a task not published yet also drops its dispatch (see TaskEvent.Claimed).
      var result = transitions.apply(task.id(), new TaskEvent.Claimed(task.attempt(), workerId));
      if (result.isPresent() && result.get().decision().applied()) {
        claimed.add(result.get().task());
      }
    }
    return claimed;
  }

  /**
   * Renews the lease of an attempt the worker holds (to now + timeoutSeconds) and records progress;
   * the first heartbeat moves the task from {@code ASSIGNED} to {@code RUNNING}.
   *
   * @return the result (check {@code decision().applied()}), or empty for an unknown task
   */
  @Transactional
  public Optional<TransitionResult> heartbeat(
      UUID taskId, String workerId, int attempt, Integer progress, String message) {
    var task = queries.find(taskId);
    if (task.isEmpty()) {
      return Optional.empty();
    }
    // The first heartbeat of a claimed attempt says its handler started.
    var report =
        task.get().status() == TaskStatus.ASSIGNED
            ? new TaskEvent.Running(attempt, workerId, progress, message, false)
            : new TaskEvent.Progress(attempt, workerId, progress, message, false);
    var result = transitions.applyHeldReport(taskId, report);
    result.filter(r -> r.decision().applied()).ifPresent(r -> r.task().renewLease(clock.instant()));
    return result;
  }

  /** Ends the worker's attempt successfully with {@code resultJson}. */
  @Transactional
  public Optional<TransitionResult> complete(
      UUID taskId, String workerId, int attempt, String resultJson) {
    return transitions.applyHeldReport(
        taskId, new TaskEvent.Completed(attempt, workerId, resultJson, null, false));
  }

  /**
   * Ends the worker's attempt in failure; retried if {@code error} is retryable and attempts are
   * left.
   */
  @Transactional
  public Optional<TransitionResult> fail(
      UUID taskId, String workerId, int attempt, TaskError error) {
    return transitions.applyHeldReport(
        taskId, new TaskEvent.Failed(attempt, workerId, error, null, false));
  }
}
