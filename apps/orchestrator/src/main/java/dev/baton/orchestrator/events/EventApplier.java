package dev.baton.orchestrator.events;

import dev.baton.orchestrator.task.TargetedEvent;
import dev.baton.orchestrator.task.TaskEvent;
import dev.baton.orchestrator.task.TaskTransitions;
import dev.baton.orchestrator.worker.WorkerRegistry;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.WorkerEvent;
import dev.baton.protocol.WorkerHeartbeat;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Translates worker events into {@link TaskEvent}s and applies them. */
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
   * Applies every event in one transaction: one commit (one fsync) for the whole batch, its task
   * events decided and written together by {@link TaskTransitions#applyAll}, heartbeats after.
   */
  @Transactional
  public void applyAll(List<WorkerEvent> events) {
    var taskEvents = new ArrayList<TargetedEvent>(events.size());
    for (var event : events) {
      if (event instanceof TaskStatusEvent e) {
        taskEvents.add(new TargetedEvent(e.taskId(), translate(e)));
      } else if (event instanceof TaskResultEvent e) {
        taskEvents.add(new TargetedEvent(e.taskId(), translate(e)));
      }
    }
    transitions.applyAll(taskEvents);
    for (var event : events) {
      if (event instanceof WorkerHeartbeat h) {
        workers.onHeartbeat(h);
      }
    }
  }

  /** Applies one event in its own transaction. */
  @Transactional
  public void applyAlone(WorkerEvent event) {
    applyOne(event);
  }

  private void applyOne(WorkerEvent event) {
    if (event instanceof TaskStatusEvent e) {
      transitions.apply(e.taskId(), translate(e));
    } else if (event instanceof TaskResultEvent e) {
      transitions.apply(e.taskId(), translate(e));
    } else if (event instanceof WorkerHeartbeat h) {
      workers.onHeartbeat(h);
    }
  }

  private static TaskEvent translate(TaskStatusEvent e) {
    return switch (e.status()) {
      case ASSIGNED ->
          new TaskEvent.Assigned(e.attempt(), e.workerId(), e.message(), e.redelivered());
      case RUNNING ->
          new TaskEvent.Running(
              e.attempt(), e.workerId(), e.progress(), e.message(), e.redelivered());
      case PROGRESS ->
          new TaskEvent.Progress(
              e.attempt(), e.workerId(), e.progress(), e.message(), e.redelivered());
    };
  }

  private TaskEvent translate(TaskResultEvent e) {
    return switch (e.outcome()) {
      case COMPLETED ->
          new TaskEvent.Completed(
              e.attempt(),
              e.workerId(),
              codec.mapper().writeValueAsString(e.result()),
              e.startedAt(),
              e.redelivered());
      case FAILED ->
          new TaskEvent.Failed(
              e.attempt(), e.workerId(), e.error(), e.startedAt(), e.redelivered());
    };
  }
}
