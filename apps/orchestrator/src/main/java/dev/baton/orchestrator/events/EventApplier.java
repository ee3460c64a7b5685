package dev.baton.orchestrator.events;

import dev.baton.orchestrator.task.Facts;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.task.Trigger;
import dev.baton.orchestrator.worker.WorkerRegistry;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.WorkerEvent;
import dev.baton.protocol.WorkerHeartbeat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Turns worker events into state machine triggers and applies them. */
@Component
class EventApplier {

  private final TaskTransitions transitions;
  private final ProtocolCodec codec;
  private final WorkerRegistry workers;

  EventApplier(TaskTransitions transitions, ProtocolCodec codec, WorkerRegistry workers) {
    this.transitions = transitions;
    this.codec = codec;
    this.workers = workers;
  }

  /**
   * Applies every event in one transaction: one commit (one fsync) and one SELECT of the tasks for
   * the whole batch.
   */
  @Transactional
  public void applyAll(List<WorkerEvent> events) {
    transitions.preload(
        events.stream().map(EventApplier::taskId).filter(Objects::nonNull).toList());
    events.forEach(this::applyOne);
  }

  private static UUID taskId(WorkerEvent event) {
    if (event instanceof TaskStatusEvent e) {
      return e.taskId();
    }
    return event instanceof TaskResultEvent e ? e.taskId() : null;
  }

  /** Applies one event in its own transaction. */
  @Transactional
  public void applyAlone(WorkerEvent event) {
    applyOne(event);
  }

  private void applyOne(WorkerEvent event) {
    if (event instanceof TaskStatusEvent e) {
      transitions.apply(
          e.taskId(),
          trigger(e.status()),
          e.attempt(),
          true,
          new Facts(e.workerId(), e.progress(), null, null, e.message(), e.redelivered(), null));
    } else if (event instanceof TaskResultEvent e) {
      boolean completed = e.outcome() == TaskResultEvent.Outcome.COMPLETED;
      var resultJson = completed ? codec.mapper().writeValueAsString(e.result()) : null;
      transitions.apply(
          e.taskId(),
          completed ? Trigger.WORKER_COMPLETED : Trigger.WORKER_FAILED,
          e.attempt(),
          completed || e.error().isRetryable(),
          new Facts(
              e.workerId(), null, resultJson, e.error(), null, e.redelivered(), e.startedAt()));
    } else if (event instanceof WorkerHeartbeat h) {
      workers.onHeartbeat(h);
    }
  }

  private static Trigger trigger(TaskStatusEvent.Status status) {
    return switch (status) {
      case ASSIGNED -> Trigger.WORKER_ASSIGNED;
      case RUNNING -> Trigger.WORKER_RUNNING;
      case PROGRESS -> Trigger.WORKER_PROGRESS;
    };
  }
}
