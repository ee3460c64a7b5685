package dev.baton.protocol;

import java.util.UUID;

/**
 * Orchestrator → one worker, on {@link Topology#controlExchange()} with key {@code
 * worker.<workerId>}: stop running this attempt.
 */
public record ControlMessage(int v, Kind kind, UUID taskId, int attempt) {

  /** What the orchestrator asks of the worker. */
  public enum Kind {
    CANCEL
  }

  public ControlMessage {
    ProtocolVersion.require(v, "control");
    Checks.required(kind, "control", "kind");
    Checks.required(taskId, "control", "taskId");
    Checks.positive(attempt, "control", "attempt");
  }

  public static ControlMessage cancel(UUID taskId, int attempt) {
    return new ControlMessage(ProtocolVersion.CURRENT, Kind.CANCEL, taskId, attempt);
  }
}
