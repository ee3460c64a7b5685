package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.BatonProperties;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Task queues the relay cannot publish to now (the broker refused to declare one, returned or
 * nacked its dispatches), each with the broker's reason and a backoff: the relay skips a failing
 * queue's dispatches until its next try and goes on with every other queue. Shown in {@code
 * /actuator/health} ({@code dispatch}) and on the dashboard ({@code GET /api/v1/dispatch}).
 *
 * <p>Kept in memory by each orchestrator: the outbox rows keep their own failure count and last
 * error ({@code publish_attempts}, {@code last_error}), so a restart loses only this summary, which
 * the first failing publish rebuilds.
 */
@Component
class FailingTargets {

  private static final Logger log = LoggerFactory.getLogger(FailingTargets.class);

  /** A task queue: of a type, shared (tenant null) or of one tenant. */
  record Target(String type, String tenant) {}

  /**
   * Why a queue fails, since when, how many times in a row, and when the relay tries it again.
   *
   * @param tenant the tenant whose own queue it is; null for the type's shared queue
   */
  record Failure(
      String type,
      String tenant,
      String queue,
      String reason,
      int failures,
      Instant since,
      Instant retryAt) {}

  private final Map<Target, Failure> failing = new ConcurrentHashMap<>();
  private final FailureBackoff backoff;

  FailingTargets(BatonProperties properties) {
    var relay = properties.relay();
    this.backoff = new FailureBackoff(relay.failureBackoffInitial(), relay.failureBackoffMax());
  }

  /** Records one more failure of {@code target}; the returned failure says when to try again. */
  Failure failed(Target target, String queue, String reason, Instant now) {
    var failure =
        failing.compute(
            target,
            (t, before) -> {
              int failures = before == null ? 1 : before.failures() + 1;
              var since = before == null ? now : before.since();
              return new Failure(
                  t.type(),
                  t.tenant(),
                  queue,
                  reason,
                  failures,
                  since,
                  now.plus(backoff.after(failures)));
            });
    if (failure.failures() == 1) {
      log.warn(
          "Dispatches to queue {} fail: {}. Other queues go on; this one is retried with backoff{}",
          queue,
          reason,
          reason.contains("PRECONDITION_FAILED")
              ? ". It exists with other arguments: delete it (rabbitmqctl delete_queue "
                  + queue
                  + ") so Baton declares it again, or start the workers with Baton's queue type"
              : "");
    }
    return failure;
  }

  /** The failure of a target whose backoff has not ended at {@code now}. */
  Optional<Failure> backingOff(Target target, Instant now) {
    var failure = failing.get(target);
    return failure != null && now.isBefore(failure.retryAt())
        ? Optional.of(failure)
        : Optional.empty();
  }

  /** The broker took a dispatch to {@code target}: it works again. */
  void succeeded(Target target) {
    if (!failing.isEmpty()) {
      var before = failing.remove(target);
      if (before != null) {
        log.info(
            "Dispatches to queue {} go through again (after {} failures)",
            before.queue(),
            before.failures());
      }
    }
  }

  /** Every failing target, oldest failure first. */
  List<Failure> all() {
    return failing.values().stream()
        .sorted(Comparator.comparing(Failure::since).thenComparing(Failure::queue))
        .toList();
  }

  /** The backoff of one row after its {@code failures}-th failure. */
  FailureBackoff backoff() {
    return backoff;
  }
}
