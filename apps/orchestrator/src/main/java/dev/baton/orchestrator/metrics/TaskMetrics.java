package dev.baton.orchestrator.metrics;

import dev.baton.orchestrator.task.TaskQueries;
import dev.baton.orchestrator.task.TaskTransitioned;
import dev.baton.orchestrator.task.TasksTransitioned;
import dev.baton.protocol.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Task metrics for {@code /actuator/prometheus}: counters of submitted, completed, failed and
 * cancelled tasks by type, timers of queue wait (created → started) and run time (started →
 * completed) by type, and gauges of tasks by state. Counted after commit, so a rolled-back change
 * is never counted.
 */
@Component
class TaskMetrics {

  private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final TaskQueries queries;
  private final Clock clock;
  private volatile Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
  private volatile Instant refreshedAt = Instant.EPOCH;
  private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
  private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();

  TaskMetrics(MeterRegistry registry, TaskQueries queries, Clock clock) {
    this.registry = registry;
    this.queries = queries;
    this.clock = clock;
    for (var status : TaskStatus.values()) {
      Gauge.builder("baton.tasks", () -> count(status))
          .description("Tasks by state (refreshed at most every 5 s)")
          .tag("status", status.name())
          .register(registry);
    }
  }

  /** After the commit (a rolled-back change is never counted): see {@link TasksTransitioned}. */
  @EventListener
  void onTransitions(TasksTransitioned committed) {
    committed.transitions().forEach(this::onTransition);
  }

  private void onTransition(TaskTransitioned t) {
    if (t.from() == null) {
      counter("baton.tasks.submitted", t.type()).increment();
      return;
    }
    switch (t.to()) {
      case RUNNING -> recordQueueWait(t);
      case COMPLETED, FAILED, CANCELLED -> {
        // A lean (v1.1) worker reports a short task only by its result, which carries when the
        // run started: the queue wait is then recorded here instead of on a RUNNING transition.
        if (t.from() != TaskStatus.RUNNING) {
          recordQueueWait(t);
        }
        counter("baton.tasks." + t.to().name().toLowerCase(), t.type()).increment();
        if (t.startedAt() != null && t.completedAt() != null) {
          timer("baton.tasks.run.time", t.type())
              .record(Duration.between(t.startedAt(), t.completedAt()));
        }
      }
      default -> {}
    }
  }

  private void recordQueueWait(TaskTransitioned t) {
    if (t.startedAt() != null) {
      timer("baton.tasks.queue.wait", t.type())
          .record(Duration.between(t.createdAt(), t.startedAt()));
    }
  }

  // Looked up here rather than registered again per transition: the registry's builder and lookup
  // cost more than the increment (a few percent of the orchestrator's samples at 500 per commit).
  private Counter counter(String name, String type) {
    return counters.computeIfAbsent(
        new MeterKey(name, type), k -> Counter.builder(name).tag("type", type).register(registry));
  }

  private Timer timer(String name, String type) {
    return timers.computeIfAbsent(
        new MeterKey(name, type), k -> Timer.builder(name).tag("type", type).register(registry));
  }

  private record MeterKey(String name, String type) {}

  private double count(TaskStatus status) {
    var now = clock.instant();
    if (Duration.between(refreshedAt, now).compareTo(GAUGE_REFRESH) > 0) {
      refreshedAt = now;
      byStatus = queries.stats().byStatus();
    }
    return byStatus.getOrDefault(status, 0L);
  }
}
