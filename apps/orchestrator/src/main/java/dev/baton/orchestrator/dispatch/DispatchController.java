package dev.baton.orchestrator.dispatch;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How dispatching goes, for the dashboard's overview (operators: it spans tenants). */
@Tag(name = "Dashboard", description = "Read models of the admin dashboard served at /")
@RestController
class DispatchController {

  private final DispatchHealthIndicator health;

  DispatchController(DispatchHealthIndicator health) {
    this.health = health;
  }

  @Operation(
      summary = "Whether the broker takes dispatches, and the task queues it does not",
      description =
          "`brokerReachable` is false while no dispatch can be published (the `dispatch` health"
              + " component is DOWN). `failingTargets` lists the task queues whose dispatches wait"
              + " because the broker refused the queue's declaration (e.g. PRECONDITION_FAILED:"
              + " declared elsewhere with other arguments), returned or nacked them; each with the"
              + " broker's reason, the failures in a row, the next try and the dispatches"
              + " waiting. Every other queue is served meanwhile.")
  @GetMapping("/api/v1/dispatch")
  DispatchStatus dispatch() {
    return health.status();
  }
}
