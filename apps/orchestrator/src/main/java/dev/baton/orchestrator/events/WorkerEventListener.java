package dev.baton.orchestrator.events;

import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.protocol.MalformedMessageException;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.WorkerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Consumes the orchestrator's events queue in batches. Garbage is dead-lettered (with the reason)
 * and never blocks the queue; valid events are applied in one transaction per batch, falling back
 * to one transaction per event when the batch fails, so one bad event cannot hold back the others.
 * A failure that is not the event's fault (the database is unavailable) is thrown, so the container
 * requeues the batch and nothing is lost.
 */
@Component
class WorkerEventListener implements BatchMessageListener {

  private static final Logger log = LoggerFactory.getLogger(WorkerEventListener.class);

  private final ProtocolCodec codec;
  private final EventApplier applier;
  private final DeadLetters deadLetters;
  private final OversizedMessages oversized;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  WorkerEventListener(
      ProtocolCodec codec,
      EventApplier applier,
      DeadLetters deadLetters,
      OversizedMessages oversized) {
    this.codec = codec;
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.oversized = oversized;
  }

  @Override
  public void onMessage(Message message) {
    onMessageBatch(List.of(message));
  }

  @Override
  public void onMessageBatch(List<Message> messages) {
    var events = new ArrayList<WorkerEvent>(messages.size());
    var sources = new ArrayList<Message>(messages.size());
    for (var message : messages) {
      var tooLarge = oversized.reason(message);
      if (tooLarge.isPresent()) {
        deadLetter(message, "event too large: " + tooLarge.get());
        continue;
      }
      try {
        events.add(
            codec.decodeEvent(
                message.getMessageProperties().getReceivedRoutingKey(), message.getBody()));
        sources.add(message);
      } catch (MalformedMessageException e) {
        deadLetter(message, "malformed event: " + e.getMessage());
      }
    }
    if (events.isEmpty()) {
      return;
    }
    try {
      ConflictRetry.run(() -> applier.applyAll(events));
      applied.addAndGet(events.size());
    } catch (RuntimeException batchFailure) {
      log.debug("batch of {} events failed, applying one by one", events.size(), batchFailure);
      try {
        for (int i = 0; i < events.size(); i++) {
          applyAlone(events.get(i), sources.get(i));
        }
      } catch (RuntimeException notTheEventsFault) {
        // The database is failing, not the events: the container requeues the batch. Pause first,
        // so an outage is not a hot loop of redeliveries.
        log.warn(
            "Could not apply worker events ({}); they are requeued and retried",
            notTheEventsFault.toString());
        pauseBeforeRequeue();
        throw notTheEventsFault;
      }
    }
  }

  private void applyAlone(WorkerEvent event, Message source) {
    try {
      ConflictRetry.run(() -> applier.applyAlone(event));
      applied.incrementAndGet();
    } catch (NonTransientDataAccessException | IllegalArgumentException e) {
      deadLetter(source, "event could not be applied: " + e.getMessage());
    }
  }

  private static void pauseBeforeRequeue() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deadLetter(Message message, String reason) {
    deadLetters.send(message, reason);
    deadLettered.incrementAndGet();
  }

  long appliedCount() {
    return applied.get();
  }

  long deadLetteredCount() {
    return deadLettered.get();
  }
}
