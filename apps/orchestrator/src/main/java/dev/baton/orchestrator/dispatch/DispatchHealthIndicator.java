package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.task.OutboxRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code dispatch}: DOWN while the relay cannot publish (the
 * broker is unreachable or not confirming), with the number of dispatches waiting. Submissions are
 * still accepted then; they are dispatched when the broker is back.
 */
@Component("dispatch")
class DispatchHealthIndicator implements HealthIndicator {

  private final OutboxRelay relay;
  private final OutboxRepository outbox;

  DispatchHealthIndicator(OutboxRelay relay, OutboxRepository outbox) {
    this.relay = relay;
    this.outbox = outbox;
  }

  @Override
  public Health health() {
    var builder = relay.brokerHealthy() ? Health.up() : Health.down();
    return builder.withDetail("pendingMessages", outbox.count()).build();
  }
}
