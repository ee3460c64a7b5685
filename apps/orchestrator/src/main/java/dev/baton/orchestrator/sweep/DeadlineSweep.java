package dev.baton.orchestrator.sweep;

import dev.baton.orchestrator.task.Facts;
import dev.baton.orchestrator.task.TaskRepository;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.task.Trigger;
import dev.baton.protocol.TaskError;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Fails attempts past their deadline with {@code TIMEOUT}; they follow the retry rules. */
@Component
class DeadlineSweep {

  private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

  private final TaskRepository tasks;
  private final TaskTransitions transitions;
  private final Clock clock;

  DeadlineSweep(TaskRepository tasks, TaskTransitions transitions, Clock clock) {
    this.tasks = tasks;
    this.transitions = transitions;
    this.clock = clock;
  }

  /** One bounded pass; returns how many attempts timed out. */
  @Transactional
  public int sweep(int batchSize) {
    var overdue =
        tasks.findByDeadlineAtLessThanEqualOrderByDeadlineAtAsc(
            clock.instant(), Limit.of(batchSize));
    for (var task : overdue) {
      if (!task.status().isWithWorker()) {
        continue;
      }
      var error =
          new TaskError(
              "attempt "
                  + task.attempt()
                  + " exceeded its timeout of "
                  + task.timeoutSeconds()
                  + " s",
              "TIMEOUT",
              true);
      transitions.apply(
          task.id(),
          Trigger.ATTEMPT_TIMED_OUT,
          task.attempt(),
          true,
          new Facts(task.workerId(), null, null, error, null));
    }
    if (!overdue.isEmpty()) {
      log.info("{} attempt(s) timed out", overdue.size());
    }
    return overdue.size();
  }
}
