package dev.baton.orchestrator.worker;

/** What the orchestrator knows of a worker from its heartbeats. */
public enum WorkerStatus {
  /** Heartbeating, no task running. */
  IDLE,
  /** Heartbeating, running at least one task. */
  BUSY,
  /** Silent for longer than {@code baton.workers.unhealthy-after} (default 30 s). */
  UNHEALTHY,
  /**
   * Silent for longer than {@code baton.workers.offline-after} (default 90 s); its tasks are
   * retried.
   */
  OFFLINE
}
