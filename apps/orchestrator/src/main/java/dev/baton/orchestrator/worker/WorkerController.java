package dev.baton.orchestrator.worker;

import dev.baton.orchestrator.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The worker registry, read-only. */
@Tag(name = "Workers", description = "Workers known from their heartbeats, with liveness status")
@RestController
@RequestMapping("/api/v1/workers")
class WorkerController {

  private final WorkerRepository workers;

  WorkerController(WorkerRepository workers) {
    this.workers = workers;
  }

  /** A worker as the API shows it. */
  record WorkerResponse(
      String id,
      WorkerStatus status,
      List<String> types,
      int capacity,
      List<String> running,
      Instant firstSeenAt,
      Instant lastHeartbeatAt) {

    static WorkerResponse of(WorkerRecord w) {
      return new WorkerResponse(
          w.id(),
          w.status(),
          w.types(),
          w.capacity(),
          w.running(),
          w.firstSeenAt(),
          w.lastSeenAt());
    }
  }

  @Operation(
      summary = "List workers",
      description = "IDLE, BUSY, UNHEALTHY or OFFLINE, by heartbeat")
  @GetMapping
  @Transactional(readOnly = true)
  List<WorkerResponse> list() {
    var scope = Callers.current().scope();
    var visible =
        scope == null ? workers.findAllByOrderByIdAsc() : workers.findByTenantIdOrderByIdAsc(scope);
    return visible.stream().map(WorkerResponse::of).toList();
  }

  @Operation(summary = "Get a worker")
  @GetMapping("/{id}")
  @Transactional(readOnly = true)
  WorkerResponse get(@PathVariable String id) {
    return workers
        .findById(id)
        .filter(w -> Callers.current().sees(w.tenantId()))
        .map(WorkerResponse::of)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no worker with id " + id));
  }
}
