package dev.baton.orchestrator.dispatch;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tasks are dispatched ({@code baton.dispatch.*}).
 *
 * @param pullOnlyTypes task types served only by HTTP pull workers: their dispatches are never
 *     published to the broker; the relay marks them {@code QUEUED} (ready to claim) once due.
 *     Without this, each task of such a type that is claimed after it was queued leaves its copy in
 *     a queue that no AMQP worker consumes.
 */
@ConfigurationProperties("baton.dispatch")
public record DispatchProperties(Set<String> pullOnlyTypes) {

  public DispatchProperties {
    pullOnlyTypes = pullOnlyTypes == null ? Set.of() : Set.copyOf(pullOnlyTypes);
  }
}
