package dev.baton.orchestrator.dispatch;

import dev.baton.orchestrator.task.Outbox;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code dispatch}: DOWN while the relay cannot publish (the
 * broker is unreachable or not confirming), with the number of dispatches waiting. Submissions are
 * still accepted then; they are dispatched when the broker is back. A task queue the broker refuses
 * (or loses) does not make it DOWN, since every other queue is served: it is listed under {@code
 * failingTargets} with the broker's reason.
 */
@Component("dispatch")
class DispatchHealthIndicator implements HealthIndicator {

  private final OutboxRelay relay;
  private final Outbox outbox;
  private final FailingTargets failing;

  DispatchHealthIndicator(OutboxRelay relay, Outbox outbox, FailingTargets failing) {
    this.relay = relay;
    this.outbox = outbox;
    this.failing = failing;
  }

  @Override
  public Health health() {
    var status = status();
    var builder = status.brokerReachable() ? Health.up() : Health.down();
    builder.withDetail("pendingMessages", status.pendingMessages());
    if (!status.failingTargets().isEmpty()) {
      builder.withDetail("failingTargets", status.failingTargets());
    }
    return builder.build();
  }

  /** What the health details say, for the dashboard too. */
  DispatchStatus status() {
    var targets =
        failing.all().stream()
            .map(
                f ->
                    new DispatchStatus.FailingTarget(
                        f.type(),
                        f.tenant(),
                        f.queue(),
                        f.reason(),
                        f.failures(),
                        f.since(),
                        f.retryAt(),
                        outbox.pendingDispatches(f.type())))
            .toList();
    return new DispatchStatus(relay.brokerHealthy(), outbox.pending(), targets);
  }
}
