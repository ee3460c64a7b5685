package dev.baton.orchestrator.worker;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.task.Facts;
import dev.baton.orchestrator.task.TaskRepository;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.task.Trigger;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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
  private final TaskRepository tasks;
  private final TaskTransitions transitions;
  private final BatonProperties.Workers settings;
  private final Clock clock;
  private volatile Instant listeningSince;

  public WorkerLivenessSweep(
      WorkerRepository workers,
      TaskRepository tasks,
      TaskTransitions transitions,
      BatonProperties properties,
      Clock clock) {
    this.workers = workers;
    this.tasks = tasks;
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

  /** One bounded pass; returns how many workers changed status. */
  @Transactional
  public int sweep(int batchSize) {
    var now = clock.instant();
    int changed = 0;
    var since = listeningSince;
    if (since == null || now.minus(settings.unhealthyAfter()).isBefore(since)) {
      // Heartbeats sent while this orchestrator was down are still queued: silence from before
      // it listened says nothing about a worker. Judge only after a full unhealthy period.
      return 0;
    }
    for (var w :
        workers.findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
            NOT_OFFLINE, now.minus(settings.offlineAfter()), Limit.of(batchSize))) {
      w.markOffline(now);
      int lost = failHeldTasks(w);
      log.warn(
          "Worker {} is OFFLINE (silent since {}); {} task(s) it held will be retried",
          w.id(),
          w.lastSeenAt(),
          lost);
      changed++;
    }
    for (var w :
        workers.findByStatusInAndLastSeenAtLessThanOrderByLastSeenAtAsc(
            ALIVE, now.minus(settings.unhealthyAfter()), Limit.of(batchSize))) {
      w.markUnhealthy(now);
      log.warn("Worker {} is UNHEALTHY (silent since {})", w.id(), w.lastSeenAt());
      changed++;
    }
    return changed;
  }

  private int failHeldTasks(WorkerRecord worker) {
    var held = tasks.findByWorkerIdAndStatusIn(worker.id(), HELD);
    var error =
        new TaskError(
            "worker " + worker.id() + " stopped sending heartbeats (offline)", "WORKER_LOST", true);
    for (var task : held) {
      transitions.apply(
          task.id(),
          Trigger.WORKER_LOST,
          task.attempt(),
          true,
          new Facts(worker.id(), null, null, error, null));
    }
    return held.size();
  }
}
