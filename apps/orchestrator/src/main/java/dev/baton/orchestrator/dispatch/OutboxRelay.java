package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.task.Outbox;
import dev.baton.orchestrator.task.OutboxMessage;
import dev.baton.orchestrator.task.OutboxWritten;
import dev.baton.orchestrator.task.QueuedTasks;
import dev.baton.orchestrator.task.TargetedEvent;
import dev.baton.orchestrator.task.TaskEvent;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.task.TasksTransitioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox messages to the broker: reads the due ones, publishes them with confirms, then in
 * one transaction deletes the confirmed ones and marks their tasks {@code QUEUED}. Runs on one
 * thread; woken by new outbox rows after their commit, else polls. A crash between publish and
 * delete only means the message is published again (workers tolerate duplicates).
 *
 * <p>Pipelined: while full batches keep coming, the next batch is read and published while the
 * broker confirms the previous ones (up to {@link #WINDOW} batches in flight); each batch is
 * recorded as its confirms come back, oldest first. The next read starts after the last row handed
 * to the broker, so nothing in flight is published twice; a partial batch drains the pipeline,
 * which also picks up rows that became due behind that position.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /** Batches published and not yet recorded: enough to keep the broker busy during a commit. */
  static final int WINDOW = 3;

  private static final String PULL_ONLY = "pull-only type: not published, ready to claim";

  private final Outbox outbox;
  private final TaskTransitions transitions;
  private final DispatchPublisher publisher;
  private final TransactionTemplate readTx;
  private final TransactionTemplate writeTx;
  private final BatonProperties.Relay settings;
  private final Set<String> pullOnlyTypes;
  private final ConcurrencyGate gate;
  private final OutboxLeases leases;
  private final HeldDispatches held;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean signalled;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile boolean brokerHealthy = true;
  private final java.util.ArrayDeque<DispatchPublisher.Sent> inFlight =
      new java.util.ArrayDeque<>();
  private OutboxMessage lastSent;

  OutboxRelay(
      Outbox outbox,
      TaskTransitions transitions,
      DispatchPublisher publisher,
      PlatformTransactionManager txManager,
      BatonProperties properties,
      DispatchProperties dispatch,
      ConcurrencyGate gate,
      OutboxLeases leases,
      QueuedTasks queued,
      Clock clock) {
    this.outbox = outbox;
    this.transitions = transitions;
    this.publisher = publisher;
    this.readTx = new TransactionTemplate(txManager);
    this.readTx.setReadOnly(true);
    this.writeTx = new TransactionTemplate(txManager);
    this.settings = properties.relay();
    this.pullOnlyTypes = dispatch.pullOnlyTypes();
    this.gate = gate;
    this.leases = leases;
    this.clock = clock;
    this.held =
        new HeldDispatches(
            outbox,
            queued,
            gate,
            leases,
            publisher,
            readTx,
            writeTx,
            settings,
            pullOnlyTypes,
            leaseLength(),
            clock);
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onOutboxWritten(OutboxWritten event) {
    signal();
  }

  /** A slot of a limited type freed: a held dispatch may go now (published after the commit). */
  @EventListener
  void onTasksTransitioned(TasksTransitioned committed) {
    for (var t : committed.transitions()) {
      if (gate.freesASlot(t.type(), t.from(), t.to())) {
        signal();
        return;
      }
    }
  }

  void signal() {
    lock.lock();
    try {
      signalled = true;
      wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::loop, "baton-outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    signal();
    var t = thread;
    if (t != null) {
      try {
        t.join(settings.confirmTimeout().toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts before and stops after the event consumers (Spring AMQP containers use MAX_VALUE). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1000;
  }

  /** False while the last publish attempt failed: the broker is not reachable or not confirming. */
  boolean brokerHealthy() {
    return brokerHealthy;
  }

  private void loop() {
    var backoff = Duration.ZERO;
    while (running) {
      try {
        int published = relayOnce();
        backoff = Duration.ZERO;
        if (published < settings.batchSize()) {
          awaitSignal(settings.pollInterval());
        }
      } catch (RuntimeException e) {
        abandonInFlight();
        brokerHealthy = false;
        backoff =
            backoff.isZero()
                ? Duration.ofMillis(500)
                : min(backoff.multipliedBy(2), Duration.ofSeconds(10));
        log.warn(
            "Outbox relay could not publish ({}); retrying in {} ms. Tasks stay SUBMITTED and are"
                + " dispatched when the broker is back.",
            e.toString(),
            backoff.toMillis());
        awaitSignalIgnoring(backoff);
      }
    }
    try {
      drainInFlight();
    } catch (RuntimeException e) {
      abandonInFlight();
      log.info(
          "Outbox relay stopped with batches unconfirmed; they are published again: {}",
          e.toString());
    }
  }

  /** Publishes one batch of due messages; returns how many were taken from the outbox. */
  int relayOnce() {
    return relayDue() + held.releaseFreeSlots();
  }

  private int relayDue() {
    recordConfirmed();
    List<OutboxMessage> due = leases.shared() ? leaseDue() : readDue();
    if (due == null || due.isEmpty()) {
      drainInFlight();
      confirmBrokerBack();
      return 0;
    }
    int read = due.size();
    lastSent = due.get(read - 1);
    var gated = due.stream().filter(this::gated).toList();
    if (!gated.isEmpty()) {
      // Every dispatch of a limited type waits in line, so releases keep priority order.
      ConflictRetry.run(() -> writeTx.executeWithoutResult(s -> hold(gated)));
      due = due.stream().filter(m -> !gated(m)).toList();
    }
    var local = due.stream().filter(this::pullOnly).toList();
    if (!local.isEmpty()) {
      // First, and without the broker: pull workers keep getting work while it is down.
      ConflictRetry.run(
          () ->
              writeTx.executeWithoutResult(
                  s -> recordPublished(local, Publication.allConfirmed(), PULL_ONLY)));
    }
    var remote = local.isEmpty() ? due : due.stream().filter(m -> !pullOnly(m)).toList();
    if (!remote.isEmpty()) {
      while (inFlight.size() >= WINDOW) {
        recordOldest();
      }
      inFlight.addLast(publisher.send(remote));
      markBrokerHealthy();
    } else {
      confirmBrokerBack();
    }
    if (read < settings.batchSize()) {
      // Nothing more waits: record what is in flight now rather than after the next wake-up.
      drainInFlight();
    }
    return read;
  }

  /** Records the batches at the head of the pipeline whose confirms are all in. */
  private void recordConfirmed() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().confirmed()) {
      recordOldest();
    }
  }

  private void drainInFlight() {
    while (!inFlight.isEmpty()) {
      recordOldest();
    }
    lastSent = null;
  }

  /** Waits for the oldest batch's confirms, then deletes its rows and marks its tasks QUEUED. */
  private void recordOldest() {
    var sent = inFlight.peekFirst();
    var publication = sent.await(settings.confirmTimeout());
    ConflictRetry.run(
        () -> writeTx.executeWithoutResult(s -> recordPublished(sent.batch(), publication, null)));
    inFlight.removeFirst();
  }

  /**
   * The broker failed: batches in flight are forgotten, their rows stay in the outbox and are read
   * and published again (a duplicate at worst, which workers ignore).
   */
  private void abandonInFlight() {
    inFlight.clear();
    lastSent = null;
  }

  private List<OutboxMessage> readDue() {
    var after = lastSent;
    var now = clock.instant();
    var limit = settings.batchSize();
    return readTx.execute(
        s -> after == null ? outbox.due(now, limit) : outbox.dueAfter(now, after, limit));
  }

  /** Several orchestrators: take the due rows no other relay is taking (see OutboxLeases). */
  private List<OutboxMessage> leaseDue() {
    var now = clock.instant();
    var ids = leases.claimDue(now, leaseEnd(now), settings.batchSize());
    if (ids.isEmpty()) {
      return List.of();
    }
    var rows = readTx.execute(s -> outbox.find(ids));
    return rows.stream().sorted(Comparator.comparing(OutboxMessage::id)).toList();
  }

  private Instant leaseEnd(Instant now) {
    return now.plus(leaseLength());
  }

  /** A lease outlasts a publish that waits for its confirms, then lets a survivor take over. */
  private Duration leaseLength() {
    return settings.confirmTimeout().multipliedBy(2).plusSeconds(10);
  }

  private boolean gated(OutboxMessage m) {
    return m.kind() == OutboxMessage.Kind.DISPATCH && gate.limited(m.target());
  }

  private void hold(List<OutboxMessage> batch) {
    var now = clock.instant();
    for (var m : batch) {
      outbox
          .find(m.id())
          .ifPresent(
              row -> {
                row.hold();
                // A lease's not_before no longer applies: a held row goes when a slot frees.
                row.deferTo(now);
              });
      transitions.apply(
          UUID.fromString(m.taskId()),
          new TaskEvent.DispatchConfirmed(m.attempt(), gate.heldNote(m.target())));
    }
  }

  /**
   * With nothing to publish, a failed relay would stay "unhealthy" until the next submission: probe
   * the broker instead (a failure goes through the caller's backoff).
   */
  private void confirmBrokerBack() {
    if (!brokerHealthy) {
      publisher.probe();
      markBrokerHealthy();
    }
  }

  private void markBrokerHealthy() {
    if (!brokerHealthy) {
      log.info("Outbox relay publishes again: the broker is back");
    }
    brokerHealthy = true;
  }

  /** A dispatch of a type that only HTTP pull workers serve: queued for claims, not published. */
  private boolean pullOnly(OutboxMessage m) {
    return m.kind() == OutboxMessage.Kind.DISPATCH && pullOnlyTypes.contains(m.target());
  }

  /**
   * Deletes the confirmed rows and marks their tasks QUEUED; keeps the others (returned, refused,
   * backing off) with their failure counted and their next try set.
   */
  private void recordPublished(List<OutboxMessage> batch, Publication publication, String note) {
    var confirmed = new ArrayList<OutboxMessage>(batch.size());
    for (var m : batch) {
      if (publication.confirmed(m)) {
        confirmed.add(m);
      } else {
        var why = publication.why(m);
        outbox.find(m.id()).ifPresent(why::applyTo);
        log.debug("Dispatch {} not published: {}", m.messageId(), why.reason());
      }
    }
    if (confirmed.isEmpty()) {
      return;
    }
    // One DELETE for the whole batch, and the tasks marked QUEUED together (one SELECT, one
    // batched UPDATE), not statements per message.
    outbox.delete(confirmed.stream().map(OutboxMessage::id).toList());
    var dispatches =
        confirmed.stream().filter(m -> m.kind() == OutboxMessage.Kind.DISPATCH).toList();
    transitions.applyAll(
        dispatches.stream()
            .map(
                m ->
                    new TargetedEvent(
                        UUID.fromString(m.taskId()),
                        new TaskEvent.DispatchConfirmed(m.attempt(), note)))
            .toList());
  }

  private void awaitSignal(Duration max) {
    lock.lock();
    try {
      if (!signalled) {
        wakeUp.await(max.toMillis(), TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits out a backoff; new rows do not cut it short (the broker is the problem, not idleness).
   */
  private void awaitSignalIgnoring(Duration wait) {
    lock.lock();
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      long left;
      while (running && (left = deadline - System.nanoTime()) > 0) {
        wakeUp.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
