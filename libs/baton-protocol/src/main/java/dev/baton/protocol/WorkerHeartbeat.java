package dev.baton.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Worker → orchestrator, routing key {@value Topology#KEY_WORKER_HEARTBEAT}, every 10 s by default:
 * the worker is alive, serves these types with this capacity and holds these tasks. {@code
 * protocol} (optional) says which protocol version it speaks, e.g. {@code "1.1"}.
 */
public record WorkerHeartbeat(
    int v,
    String workerId,
    List<String> types,
    int capacity,
    List<UUID> running,
    Instant at,
    String protocol)
    implements WorkerEvent {

  public WorkerHeartbeat {
    ProtocolVersion.require(v, "worker.heartbeat");
    Checks.required(workerId, "worker.heartbeat", "workerId");
    workerId = Checks.storable(workerId);
    types = types == null ? List.of() : List.copyOf(types);
    running = running == null ? List.of() : List.copyOf(running);
    protocol = Checks.storable(protocol);
  }

  /** A heartbeat that does not say its protocol version. */
  public WorkerHeartbeat(
      int v, String workerId, List<String> types, int capacity, List<UUID> running, Instant at) {
    this(v, workerId, types, capacity, running, at, null);
  }
}
