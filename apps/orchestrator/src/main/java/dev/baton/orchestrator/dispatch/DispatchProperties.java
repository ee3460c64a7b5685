package dev.baton.orchestrator.dispatch;

import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tasks are dispatched ({@code baton.dispatch.*}).
 *
 * @param pullOnlyTypes task types served only by HTTP pull workers: their dispatches are never
 *     published to the broker; the relay marks them {@code QUEUED} (ready to claim) once due.
 *     Without this, each task of such a type that is claimed after it was queued leaves its copy in
 *     a queue that no AMQP worker consumes.
 * @param queueCheckInterval how often the orchestrator asks the broker whether the task queues it
 *     dispatches to still exist and still hold their dispatches (see {@link LostDispatches})
 * @param lostDispatchGrace how long a task must have been {@code QUEUED} unchanged, while its queue
 *     is missing or empty, before its dispatch counts as lost and is published again: longer than a
 *     worker takes to report a dispatch it received (milliseconds, or the events backlog)
 */
@ConfigurationProperties("baton.dispatch")
public record DispatchProperties(
    Set<String> pullOnlyTypes, Duration queueCheckInterval, Duration lostDispatchGrace) {

  public DispatchProperties {
    pullOnlyTypes = pullOnlyTypes == null ? Set.of() : Set.copyOf(pullOnlyTypes);
    queueCheckInterval = queueCheckInterval == null ? Duration.ofSeconds(10) : queueCheckInterval;
    lostDispatchGrace = lostDispatchGrace == null ? Duration.ofSeconds(30) : lostDispatchGrace;
  }
}
