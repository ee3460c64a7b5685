package dev.baton.orchestrator.events;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.orchestrator.persistence.ConflictRetry;
import dev.baton.orchestrator.persistence.DatabaseProbe;
import dev.baton.orchestrator.persistence.OutagePause;
import dev.baton.protocol.DecodedEvents;
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
import org.springframework.stereotype.Component;

/**
 * Consumes the orchestrator's events queue in batches. Garbage is dead-lettered (with the reason)
 * and never blocks the queue; valid events are applied in one transaction per batch, falling back
 * to one transaction per event when the batch fails, so one bad event cannot hold back the others.
 *
 * <p>An event that fails on its own is tried again, up to {@code baton.events.max-attempts} times,
 * then dead-lettered with the reason (exception and message) while the events behind it are
 * applied. Whose fault a failure is, the {@link DatabaseProbe} decides: if the database does not
 * take a write, the failure is the database's, not the event's, so the batch is thrown back to the
 * container, which requeues it after a pause, and nothing is lost. Watermark markers (see {@link
 * EventWatermark}) pass once the events of their batch are applied.
 */
@Component
class WorkerEventListener implements BatchMessageListener {

  private static final Logger log = LoggerFactory.getLogger(WorkerEventListener.class);

  private final ProtocolCodec codec;
  private final EventApplier applier;
  private final DeadLetters deadLetters;
  private final OversizedMessages oversized;
  private final DatabaseProbe database;
  private final EventWatermark watermark;
  private final int maxAttempts;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  WorkerEventListener(
      ProtocolCodec codec,
      EventApplier applier,
      DeadLetters deadLetters,
      OversizedMessages oversized,
      DatabaseProbe database,
      EventWatermark watermark,
      BatonProperties properties) {
    this.codec = codec;
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.oversized = oversized;
    this.database = database;
    this.watermark = watermark;
    this.maxAttempts = properties.events().maxAttempts();
  }

  @Override
  public void onMessage(Message message) {
    onMessageBatch(List.of(message));
  }

  @Override
  public void onMessageBatch(List<Message> messages) {
    var events = new ArrayList<WorkerEvent>(messages.size());
    var sources = new ArrayList<Source>(messages.size());
    var markers = new ArrayList<Message>(0);
    for (var message : messages) {
      if (EventWatermark.isMarker(message)) {
        markers.add(message);
        continue;
      }
      var tooLarge = oversized.reason(message);
      if (tooLarge.isPresent()) {
        deadLetter(message, "event too large: " + tooLarge.get());
        continue;
      }
      DecodedEvents decoded;
      try {
        decoded =
            codec.decodeEvents(
                message.getMessageProperties().getReceivedRoutingKey(), message.getBody());
      } catch (MalformedMessageException e) {
        deadLetter(message, "malformed event: " + e.getMessage());
        continue;
      }
      // A batch of results: each item is applied, or dead-lettered, on its own.
      boolean batch = decoded.events().size() != 1 || !decoded.rejected().isEmpty();
      for (var event : decoded.events()) {
        events.add(event);
        sources.add(new Source(message, batch));
      }
      for (var rejected : decoded.rejected()) {
        deadLetter(
            BatchItems.asMessage(message, rejected.item()),
            "malformed event: " + rejected.reason());
      }
    }
    if (!events.isEmpty()) {
      apply(events, sources);
    }
    markers.forEach(watermark::passed);
  }

  /** The message an event came in; one of several events when {@code batchItem}. */
  private record Source(Message message, boolean batchItem) {}

  private void apply(List<WorkerEvent> events, List<Source> sources) {
    try {
      ConflictRetry.run(() -> applier.applyAll(events));
      applied.addAndGet(events.size());
    } catch (RuntimeException batchFailure) {
      log.debug("batch of {} events failed, applying one by one", events.size(), batchFailure);
      try {
        for (int i = 0; i < events.size(); i++) {
          applyAlone(events.get(i), sources.get(i));
        }
      } catch (DatabaseUnavailableException outage) {
        // The database is failing, not the events: the container requeues the batch. Pause first,
        // so an outage is not a hot loop of redeliveries.
        log.warn(
            "Could not apply worker events ({}) and the database does not take a write; they are"
                + " requeued and retried",
            outage.getCause().toString());
        OutagePause.beforeRequeue();
        throw outage;
      }
    }
  }

  /**
   * Applies one event in its own transaction, up to {@code maxAttempts} times while the database
   * answers, then dead-letters it.
   *
   * @throws DatabaseUnavailableException when it failed and the database does not take a write
   */
  private void applyAlone(WorkerEvent event, Source source) {
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        ConflictRetry.run(() -> applier.applyAlone(event));
        applied.incrementAndGet();
        return;
      } catch (RuntimeException e) {
        if (!database.acceptsWrites()) {
          throw new DatabaseUnavailableException(e);
        }
        failure = e;
        log.debug("event failed on its own (attempt {} of {})", attempt, maxAttempts, e);
      }
    }
    deadLetter(
        source.batchItem()
            ? BatchItems.asMessage(source.message(), codec.encode(event))
            : source.message(),
        "event could not be applied ("
            + maxAttempts
            + " attempts, the database answering): "
            + describe(failure));
  }

  /** The exception and its root cause, which is what an operator needs to find the fault. */
  private static String describe(Throwable failure) {
    var root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    var text = failure.getClass().getName() + ": " + failure.getMessage();
    return root == failure
        ? text
        : text + " (cause " + root.getClass().getName() + ": " + root.getMessage() + ")";
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

  /** An event failed while the database did not take a write: not the event's fault. */
  static final class DatabaseUnavailableException extends RuntimeException {
    DatabaseUnavailableException(RuntimeException cause) {
      super("the database does not take a write: " + cause, cause);
    }
  }
}
