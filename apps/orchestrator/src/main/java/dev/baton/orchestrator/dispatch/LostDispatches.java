package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.broker.BrokerTopology;
import dev.baton.orchestrator.broker.BrokerTopology.TaskQueue;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.security.TenantQueues;
import dev.baton.orchestrator.support.FixedDelayLoop;
import dev.baton.orchestrator.task.QueuedTasks;
import dev.baton.orchestrator.task.Task;
import dev.baton.orchestrator.task.TaskTransitions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds {@code QUEUED} tasks whose dispatch no longer exists in the broker, and dispatches them
 * again. A task queue deleted on the broker (an operator moving a type to quorum queues, say) takes
 * its messages with it, while their tasks stay {@code QUEUED}; a worker may declare the queue again
 * at once, so its mere existence proves nothing.
 *
 * <p>Every {@code baton.dispatch.queue-check-interval}, each task queue this orchestrator declared
 * (and, once at start, each queue of a type with QUEUED tasks) is asked with a passive declare on a
 * throwaway channel. A queue found missing, or noticed deleted by the relay (a dispatch to it came
 * back returned), lost the dispatches of every task QUEUED before then: once {@code
 * baton.dispatch.lost-dispatch-grace} has passed, so that workers that had received some report
 * them, those tasks get the same attempt dispatched again through the outbox (which declares the
 * queue again; a limited type's are held and release their slots). A deletion nobody noticed shows
 * as an empty queue while tasks have been QUEUED, unchanged, for longer than the grace (a delivered
 * dispatch makes its worker report within milliseconds): those too. A copy that was not lost after
 * all is a duplicate of the attempt, which workers and the state machine tolerate. Cost: one
 * passive declare per queue and round; the database is read only for a queue deleted or empty.
 */
@Component
class LostDispatches extends FixedDelayLoop {

  private static final Logger log = LoggerFactory.getLogger(LostDispatches.class);
  private static final int PER_QUEUE = 500;
  private static final int PER_TRANSACTION = 100;
  private static final int START_QUEUES = 1000;

  private final BrokerTopology topology;
  private final RabbitAdmin admin;
  private final QueuedTasks queued;
  private final TaskTransitions transitions;
  private final TenantQueues tenantQueues;
  private final DispatchProperties settings;
  private final TransactionTemplate readTx;
  private final TransactionTemplate writeTx;
  private final Clock clock;
  private boolean startQueuesWatched;

  LostDispatches(
      BrokerTopology topology,
      ConnectionFactory connectionFactory,
      QueuedTasks queued,
      TaskTransitions transitions,
      TenantQueues tenantQueues,
      DispatchProperties settings,
      PlatformTransactionManager txManager,
      Clock clock) {
    super("baton-queue-check", settings.queueCheckInterval());
    this.topology = topology;
    // Not a bean: a RabbitAdmin bean would declare every Queue bean of the context on connect.
    this.admin = new RabbitAdmin(connectionFactory);
    this.queued = queued;
    this.transitions = transitions;
    this.tenantQueues = tenantQueues;
    this.settings = settings;
    this.readTx = new TransactionTemplate(txManager);
    this.readTx.setReadOnly(true);
    this.writeTx = new TransactionTemplate(txManager);
    this.clock = clock;
  }

  /** One round over the task queues; returns how many tasks were dispatched again. */
  int checkOnce() {
    watchStartQueues();
    int again = 0;
    for (var queue : topology.knownTaskQueues()) {
      if (settings.pullOnlyTypes().contains(queue.type())) {
        continue;
      }
      Long ready;
      try {
        var info = admin.getQueueInfo(queue.queue());
        ready = info == null ? null : (long) info.getMessageCount();
      } catch (AmqpException e) {
        // The broker is down: the relay's health says so; the next round looks again.
        log.debug("Queue check stopped: the broker did not answer ({})", e.toString());
        return again;
      }
      var now = clock.instant();
      if (ready == null) {
        // Declared again by the relay with the first dispatch to it, a lost one's included.
        topology.forget(queue.type(), queue.tenant(), now);
      }
      var deletion = topology.deletion(queue);
      if (deletion.isPresent()) {
        // Everything QUEUED before the deletion lost its dispatch, whatever the queue holds now;
        // the grace lets the workers that had received some report them first.
        if (!now.isBefore(deletion.get().first().plus(settings.lostDispatchGrace()))) {
          var round = dispatchAgain(queue, deletion.get().latest(), "was deleted with it");
          again += round.again();
          if (round.done()) {
            topology.deletionHandled(queue, deletion.get());
            if (ready == null) {
              topology.unwatch(queue);
            }
          }
        }
      } else if (ready == 0) {
        // Deleted unnoticed (a worker declared it again at once)? An empty queue holds no
        // dispatch of a task QUEUED longer than the grace.
        again +=
            dispatchAgain(
                    queue,
                    now.minus(settings.lostDispatchGrace()),
                    "holds no message for it (deleted and declared again?)")
                .again();
      }
    }
    return again;
  }

  /** A round's work on one queue: dispatched again, and whether no candidate is left. */
  private record Round(int again, boolean done) {}

  private Round dispatchAgain(TaskQueue queue, Instant queuedBefore, String why) {
    var found = readTx.execute(s -> queued.withoutDispatch(queue.type(), queuedBefore, PER_QUEUE));
    if (found == null || found.isEmpty()) {
      return new Round(0, true);
    }
    var candidates =
        found.stream()
            .filter(t -> Objects.equals(tenantQueues.queueTenant(t.tenantId()), queue.tenant()))
            .map(Task::id)
            .toList();
    var detail = "dispatch lost: queue " + queue.queue() + " " + why + "; dispatched again";
    int again = 0;
    for (int from = 0; from < candidates.size(); from += PER_TRANSACTION) {
      var chunk = candidates.subList(from, Math.min(from + PER_TRANSACTION, candidates.size()));
      again +=
          ConflictRetry.run(
              () ->
                  writeTx.execute(
                      s ->
                          (int)
                              chunk.stream()
                                  .filter(
                                      id -> transitions.redispatchLost(id, queuedBefore, detail))
                                  .count()));
    }
    if (again > 0) {
      log.warn(
          "Task queue {} {}: {} QUEUED tasks whose dispatch was lost are dispatched again",
          queue.queue(),
          why,
          again);
    }
    return new Round(again, found.size() < PER_QUEUE);
  }

  /** Watches the queues of the types with QUEUED tasks when this orchestrator started, once. */
  private void watchStartQueues() {
    if (startQueuesWatched) {
      return;
    }
    var queues = readTx.execute(s -> queued.typesAndTenants(START_QUEUES));
    for (var queue : queues == null ? List.<QueuedTasks.TypeAndTenant>of() : queues) {
      topology.watch(queue.type(), tenantQueues.queueTenant(queue.tenantId()));
    }
    startQueuesWatched = true;
  }

  @Override
  protected void runOnce() {
    try {
      checkOnce();
    } catch (RuntimeException e) {
      log.warn(
          "Lost-dispatch check failed: {}; trying again in {}",
          e.toString(),
          settings.queueCheckInterval());
    }
  }
}
