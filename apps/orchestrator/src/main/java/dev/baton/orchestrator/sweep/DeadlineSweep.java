package dev.baton.orchestrator.sweep;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.dispatch.DispatchProperties;
import dev.baton.orchestrator.events.EventWatermark;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.persistence.DatabaseProbe;
import dev.baton.orchestrator.task.OverdueAttempts;
import dev.baton.orchestrator.task.Task;
import dev.baton.orchestrator.task.TaskEvent;
import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.protocol.TaskError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fails attempts past their deadline with {@code TIMEOUT}; they follow the retry rules.
 *
 * <p>An overdue attempt is timed out only once every event published before its deadline has been
 * applied ({@link EventWatermark}): a result that waits in the events queue — published during a
 * downtime of the orchestrator, or behind a backlog — wins over the timeout. For {@code
 * baton.sweeper.deadline-grace} after the orchestrator starts or reconnects to the broker nothing
 * is timed out at all: workers that reconnect after the same outage may still hold results to
 * publish. Attempts of {@code baton.dispatch.pull-only-types} are exempt: their workers report over
 * HTTP, never through the queue, so their leases end on time even while the broker is away.
 *
 * <p>A pass times out its batch in one transaction. If that fails, it goes one attempt per
 * transaction, so an attempt whose timeout cannot be applied while the database takes writes (its
 * stored task no longer reads, a bug) is logged and skipped instead of holding back the others; it
 * is left out of the next passes for a while ({@link SkippedAttempts}).
 */
@Component
class DeadlineSweep {

  private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

  private final OverdueAttempts overdue;
  private final TaskQueries queries;
  private final TaskTransitions transitions;
  private final EventWatermark watermark;
  private final Set<String> pullOnlyTypes;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final SkippedAttempts skipped;
  private final DatabaseProbe database;
  private final Duration grace;

  DeadlineSweep(
      OverdueAttempts overdue,
      TaskQueries queries,
      TaskTransitions transitions,
      EventWatermark watermark,
      DispatchProperties dispatch,
      PlatformTransactionManager transactionManager,
      DatabaseProbe database,
      BatonProperties properties,
      Clock clock) {
    this.database = database;
    this.grace = properties.sweeper().deadlineGrace();
    this.overdue = overdue;
    this.queries = queries;
    this.transitions = transitions;
    this.watermark = watermark;
    this.pullOnlyTypes = dispatch.pullOnlyTypes();
    this.tx = new TransactionTemplate(transactionManager);
    this.clock = clock;
    this.skipped = new SkippedAttempts(clock);
  }

  /** One bounded pass; returns how many attempts timed out. */
  public int sweep(int batchSize) {
    var now = clock.instant();
    var appliedUntil = watermark.appliedUntil().orElse(Instant.MIN);
    var connected = watermark.connectedSince();
    boolean inGrace = connected.isEmpty() || now.isBefore(connected.get().plus(grace));
    var pass = new Pass(now, appliedUntil, inGrace, batchSize);
    int timedOut;
    try {
      timedOut = ConflictRetry.run(() -> tx.execute(status -> pass.inOneTransaction()));
    } catch (RuntimeException batchFailure) {
      log.debug("deadline sweep batch failed, timing out one attempt at a time", batchFailure);
      timedOut = pass.oneByOne();
    }
    if (timedOut > 0) {
      log.info("{} attempt(s) timed out", timedOut);
    }
    if (pass.waitingForEvents) {
      askForWatermark();
    }
    return timedOut;
  }

  private void askForWatermark() {
    try {
      watermark.request();
    } catch (AmqpException e) {
      log.debug("cannot ask the events queue how far it is applied ({}); overdue attempts wait", e);
    }
  }

  /** One pass at one instant. */
  private final class Pass {

    private final Instant now;
    private final Instant appliedUntil;
    private final boolean inGrace;
    private final int batchSize;
    private boolean waitingForEvents;

    Pass(Instant now, Instant appliedUntil, boolean inGrace, int batchSize) {
      this.now = now;
      this.appliedUntil = appliedUntil;
      this.inGrace = inGrace;
      this.batchSize = batchSize;
    }

    int inOneTransaction() {
      waitingForEvents = false;
      int timedOut = 0;
      for (var task : due()) {
        timeOut(task);
        timedOut++;
      }
      return timedOut;
    }

    int oneByOne() {
      var ids = tx.execute(status -> due().stream().map(t -> t.id().toString()).toList());
      int timedOut = 0;
      for (var id : ids) {
        try {
          if (ConflictRetry.run(() -> tx.execute(status -> timeOutAlone(id)))) {
            timedOut++;
          }
        } catch (RuntimeException e) {
          if (!database.acceptsWrites()) {
            throw e; // the database's fault, not the task's: the whole pass tries again later
          }
          skipped.add(id, e);
        }
      }
      return timedOut;
    }

    /**
     * The overdue attempts to time out now, oldest deadline first; notes whether some wait for
     * events.
     */
    private List<Task> due() {
      var locked = overdue.lockOldest(now, batchSize + skipped.size());
      var due = new ArrayList<Task>(locked.size());
      for (var task : locked) {
        if (!isDue(task) || skipped.contains(task.id().toString())) {
          continue;
        }
        if (pullOnlyTypes.contains(task.type())) {
          // Reported over HTTP, never through the queue: the lease ends on time.
        } else if (inGrace) {
          continue; // workers may still be reconnecting to publish what they hold
        } else if (task.deadlineAt().isAfter(appliedUntil)) {
          // Its result may be in the events queue, published before the deadline: apply the
          // queue up to the deadline first.
          waitingForEvents = true;
          continue;
        }
        if (due.size() < batchSize) {
          due.add(task);
        }
      }
      return due;
    }

    private boolean isDue(Task task) {
      return task.status().isWithWorker()
          && task.deadlineAt() != null
          && !task.deadlineAt().isAfter(now);
    }

    private boolean timeOutAlone(String id) {
      var task = queries.find(UUID.fromString(id)).filter(this::isDue);
      task.ifPresent(this::timeOut);
      return task.isPresent();
    }

    private void timeOut(Task task) {
      var error =
          new TaskError(
              "attempt "
                  + task.attempt()
                  + " exceeded its timeout of "
                  + task.timeoutSeconds()
                  + " s",
              "TIMEOUT",
              true);
      transitions.apply(task.id(), new TaskEvent.TimedOut(task.attempt(), task.workerId(), error));
    }
  }
}
