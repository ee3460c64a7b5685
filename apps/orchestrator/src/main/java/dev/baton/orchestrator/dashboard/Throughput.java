package dev.baton.orchestrator.dashboard;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/stats/throughput}: counts per minute, oldest first. */
record Throughput(List<Minute> minutes) {

  /** One minute starting {@code at}: tasks submitted, and attempts that ended so. */
  record Minute(Instant at, long submitted, long completed, long failed) {}
}
