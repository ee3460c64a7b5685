package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.task.Outbox;
import dev.baton.orchestrator.task.OutboxMessage;
import dev.baton.orchestrator.task.QueuedTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's second half: dispatches a concurrency limit holds back, released as slots free (see
 * {@link ConcurrencyGate}). Called on the relay's thread after each pass over due messages.
 */
final class HeldDispatches {

  private static final Logger log = LoggerFactory.getLogger(HeldDispatches.class);
  private static final Duration UNLIMITED_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final QueuedTasks queued;
  private final ConcurrencyGate gate;
  private final OutboxLeases leases;
  private final DispatchPublisher publisher;
  private final TransactionTemplate readTx;
  private final TransactionTemplate writeTx;
  private final BatonProperties.Relay settings;
  private final Set<String> pullOnlyTypes;
  private final Duration lease;
  private final Clock clock;

  /** Only the relay's thread reads and writes these. */
  private boolean heldSeen;

  private Instant nextHeldCheck = Instant.MIN;

  HeldDispatches(
      Outbox outbox,
      QueuedTasks queued,
      ConcurrencyGate gate,
      OutboxLeases leases,
      DispatchPublisher publisher,
      TransactionTemplate readTx,
      TransactionTemplate writeTx,
      BatonProperties.Relay settings,
      Set<String> pullOnlyTypes,
      Duration lease,
      Clock clock) {
    this.outbox = outbox;
    this.queued = queued;
    this.gate = gate;
    this.leases = leases;
    this.publisher = publisher;
    this.readTx = readTx;
    this.writeTx = writeTx;
    this.settings = settings;
    this.pullOnlyTypes = pullOnlyTypes;
    this.lease = lease;
    this.clock = clock;
  }

  /**
   * Dispatches held messages of each limited type while it has free slots, best priority first.
   * Their tasks are QUEUED already: a release only sends (or, pull-only, frees for claims) and
   * deletes the message.
   */
  int releaseFreeSlots() {
    var now = clock.instant();
    if (!gate.anyLimited() && !heldSeen && now.isBefore(nextHeldCheck)) {
      // No limits, nothing held last time: skip the query on this pass. Still look now and then,
      // for dispatches held under a limit a reload removed, or by an instance that died.
      return 0;
    }
    nextHeldCheck = now.plus(UNLIMITED_CHECK_INTERVAL);
    var types = readTx.execute(s -> outbox.heldTargets());
    heldSeen = types != null && !types.isEmpty();
    int released = 0;
    for (var type : types == null ? List.<String>of() : types) {
      var batch = leases.shared() ? leaseReleasable(type) : readReleasable(type);
      if (batch == null || batch.isEmpty()) {
        continue;
      }
      var publication =
          pullOnlyTypes.contains(type)
              ? Publication.allConfirmed()
              : publisher.publish(batch, settings.confirmTimeout());
      var releasedTasks =
          batch.stream().filter(publication::confirmed).map(OutboxMessage::taskId).toList();
      // Lost races (PostgreSQL) are retried: every step finds its rows afresh.
      ConflictRetry.run(
          () ->
              writeTx.executeWithoutResult(
                  s -> {
                    if (!releasedTasks.isEmpty()) {
                      queued.touchDispatched(releasedTasks, clock.instant());
                    }
                    for (var m : batch) {
                      if (publication.confirmed(m)) {
                        outbox.delete(m.id());
                      } else {
                        // Still held (a lease un-held it): its task keeps no slot while it waits.
                        var why = publication.why(m);
                        outbox
                            .find(m.id())
                            .ifPresent(
                                row -> {
                                  row.hold();
                                  why.applyTo(row);
                                });
                        log.debug(
                            "Held dispatch {} not published: {}", m.messageId(), why.reason());
                      }
                    }
                  }));
      released += (int) batch.stream().filter(publication::confirmed).count();
    }
    return released;
  }

  private List<OutboxMessage> readReleasable(String type) {
    int free = readTx.execute(s -> gate.freeSlots(type));
    if (free <= 0) {
      return List.of();
    }
    return readTx.execute(
        s -> outbox.dueHeld(type, clock.instant(), Math.min(free, settings.batchSize())));
  }

  /** Several orchestrators: count the free slots and take them under the type's lock. */
  private List<OutboxMessage> leaseReleasable(String type) {
    return ConflictRetry.run(
        () ->
            writeTx.execute(
                s -> {
                  leases.lockType(type);
                  int free = gate.freeSlots(type);
                  if (free <= 0) {
                    return List.<OutboxMessage>of();
                  }
                  var now = clock.instant();
                  var ids =
                      leases.claimHeld(
                          type, Math.min(free, settings.batchSize()), now, now.plus(lease));
                  return outbox.find(ids).stream()
                      .sorted(
                          Comparator.comparing(OutboxMessage::priority)
                              .reversed()
                              .thenComparing(OutboxMessage::id))
                      .toList();
                }));
  }
}
