package dev.baton.orchestrator.worker;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.persistence.DatabaseProbe;
import dev.baton.orchestrator.task.Task;
import dev.baton.orchestrator.task.TaskEvent;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks silent workers {@code UNHEALTHY}, then {@code OFFLINE}; the attempts an offline worker held
 * fail with {@code WORKER_LOST} and follow the retry rules, so another worker runs them.
 */
@Component
public class WorkerLivenessSweep {

  private static final Logger log = LoggerFactory.getLogger(WorkerLivenessSweep.class);
  private static final List<WorkerStatus> ALIVE = List.of(WorkerStatus.IDLE, WorkerStatus.BUSY);
  private static final List<WorkerStatus> NOT_OFFLINE =
      List.of(WorkerStatus.IDLE, WorkerStatus.BUSY, WorkerStatus.UNHEALTHY);
  private static final List<TaskStatus> HELD = List.of(TaskStatus.ASSIGNED, TaskStatus.RUNNING);

  private final WorkerRepository workers;
  private final TaskQueries queries;
  private final TaskTransitions transitions;
  private final BatonProperties.Workers settings;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final DatabaseProbe database;
  private volatile Instant listeningSince;

  public WorkerLivenessSweep(
      WorkerRepository workers,
      TaskQueries queries,
      TaskTransitions transitions,
      BatonProperties properties,
      PlatformTransactionManager transactionManager,
      DatabaseProbe database,
      Clock clock) {
    this.tx = new TransactionTemplate(transactionManager);
    this.database = database;
    this.workers = workers;
    this.queries = queries;
    this.transitions = transitions;
    this.settings = properties.workers();
    this.clock = clock;
  }

  /**
   * The application is ready: the event consumers have started, so from now on heartbeats are read.
   * (Not the moment this bean was made: a slow start would count as the workers' silence.)
   */
  @EventListener(ApplicationReadyEvent.class)
  void listening() {
    listeningSince = clock.instant();
  }

  /**
   * One bounded pass; returns how many workers changed status. The pass is one transaction; if it
   * fails, it goes again one worker and one attempt per transaction, so that an attempt whose
   * {@code WORKER_LOST} cannot be applied is logged and skipped (its deadline still applies) while
   * the worker and its other attempts are dealt with.
   */
  public int sweep(int batchSize) {
    var now = clock.instant();
    var since = listeningSince;
    if (since == null || now.minus(settings.unhealthyAfter()).isBefore(since)) {
      // Heartbeats sent while this orchestrator was down are still queued: silence from before
      // it listened says nothing about a worker. Judge only after a full unhealthy period.
      return 0;
    }
    try {
      return ConflictRetry.run(() -> tx.execute(status -> sweepAll(now, batchSize)));
    } catch (RuntimeException passFailure) {
      log.debug("liveness pass failed, going one worker at a time", passFailure);
      return sweepOneByOne(now, batchSize);
    }
  }

  private int sweepAll(Instant now, int batchSize) {
    int changed = 0;
    for (var w : offlineCandidates(now, batchSize)) {
      int lost = 0;
      for (var task : queries.ofWorker(w.id(), HELD)) {
        lose(task, w.id());
        lost++;
      }
      w.markOffline(now);
      logOffline(w, lost);
      changed++;
    }
    return changed + markUnhealthy(now, batchSize);
  }

  private int sweepOneByOne(Instant now, int batchSize) {
    int changed = 0;
    var offline = tx.execute(status -> offlineCandidates(now, batchSize));
    for (var candidate : offline) {
      var workerId = candidate.id();
      var held =
          tx.execute(
              status ->
                  queries.ofWorker(workerId, HELD).stream().map(t -> t.id().toString()).toList());
      int lost = 0;
      for (var taskId : held) {
        try {
          ConflictRetry.run(
              () -> tx.executeWithoutResult(status -> loseAlone(taskId, workerId, now)));
          lost++;
        } catch (RuntimeException e) {
          if (!database.acceptsWrites()) {
            throw e; // the database's fault, not the task's: the whole pass tries again later
          }
          log.warn(
              "Could not fail the attempt of task {} held by offline worker {} ({}); skipped, its"
                  + " deadline still applies. Cancel the task (POST /api/v1/tasks/{}/cancel) or"
                  + " repair its stored row.",
              taskId,
              workerId,
              e.toString(),
              taskId);
        }
      }
      int lostCount = lost;
      changed +=
          ConflictRetry.run(
              () ->
                  tx.execute(
                      status -> {
                        var w = silent(workerId, now);
                        w.ifPresent(
                            record -> {
                              record.markOffline(now);
                              logOffline(record, lostCount);
                            });
                        return w.isPresent() ? 1 : 0;
                      }));
    }
    return changed + ConflictRetry.run(() -> tx.execute(status -> markUnhealthy(now, batchSize)));
  }

  /** Fails the attempt of task {@code taskId} if {@code workerId}, still silent, holds it. */
  private void loseAlone(String taskId, String workerId, Instant now) {
    if (silent(workerId, now).isEmpty()) {
      return; // it spoke meanwhile
    }
    queries
        .find(UUID.fromString(taskId))
        .filter(t -> workerId.equals(t.workerId()) && HELD.contains(t.status()))
        .ifPresent(t -> lose(t, workerId));
  }

  /** The worker, if it is not OFFLINE yet and silent for {@code offlineAfter}. */
  private Optional<WorkerRecord> silent(String workerId, Instant now) {
    return workers
        .findById(workerId)
        .filter(
            w ->
                NOT_OFFLINE.contains(w.status())
                    && w.lastSeenAt().isBefore(now.minus(settings.offlineAfter())));
  }

  private List<WorkerRecord> offlineCandidates(Instant now, int batchSize) {
    return workers.findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
        NOT_OFFLINE, now.minus(settings.offlineAfter()), Limit.of(batchSize));
  }

  private int markUnhealthy(Instant now, int batchSize) {
    int changed = 0;
    for (var w :
        workers.findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
            ALIVE, now.minus(settings.unhealthyAfter()), Limit.of(batchSize))) {
      w.markUnhealthy(now);
      log.warn("Worker {} is UNHEALTHY (silent since {})", w.id(), w.lastSeenAt());
      changed++;
    }
    return changed;
  }

  private void lose(Task task, String workerId) {
    var error =
        new TaskError(
            "worker " + workerId + " stopped sending heartbeats (offline)", "WORKER_LOST", true);
    transitions.apply(task.id(), new TaskEvent.WorkerLost(task.attempt(), workerId, error));
  }

  private static void logOffline(WorkerRecord w, int lost) {
    log.warn(
        "Worker {} is OFFLINE (silent since {}); {} task(s) it held will be retried",
        w.id(),
        w.lastSeenAt(),
        lost);
  }
}
