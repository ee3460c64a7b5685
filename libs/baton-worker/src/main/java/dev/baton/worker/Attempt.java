package dev.baton.worker;

import dev.baton.protocol.MalformedMessageException;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskStatusEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One attempt held by this worker, from receipt to its acked result: the handler's {@link
 * TaskContext}, and the cancellation switch that interrupts the handler's thread.
 */
final class Attempt implements TaskContext {

  private final TaskDispatch dispatch;
  private final String workerId;
  private final ProtocolCodec codec;
  private final EventPublisher events;
  private final Clock clock;
  private final boolean redelivered;
  private final long receivedAtNanos = System.nanoTime();
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
  private volatile long handlerStartedAtNanos;
  private volatile Instant startedAt;
  private volatile boolean deliveryLetGo;
  private volatile boolean runningReported;

  private volatile boolean cancelled;

  /** Where the attempt is on this worker, for {@link LongTaskWatch}. */
  enum Phase {
    /** Received, waiting for a free handler thread. */
    WAITING,
    /** A task thread took it. */
    TAKEN,
    /** Given back to the broker before any thread took it. */
    HANDED_BACK,
    /** The handler returned; the result is on its way. */
    DONE
  }

  private Thread handlerThread; // guarded by this

  Attempt(
      TaskDispatch dispatch,
      String workerId,
      ProtocolCodec codec,
      EventPublisher events,
      Clock clock,
      boolean redelivered) {
    this.dispatch = dispatch;
    this.redelivered = redelivered;
    this.workerId = workerId;
    this.codec = codec;
    this.events = events;
    this.clock = clock;
  }

  TaskDispatch dispatch() {
    return dispatch;
  }

  String messageId() {
    return dispatch.messageId();
  }

  /**
   * Whether the broker delivered the dispatch here as a redelivery (an earlier consumer never acked
   * it). Every event of the attempt says so, so the orchestrator lets this worker take the attempt
   * over from one that died holding it.
   */
  boolean redelivered() {
    return redelivered;
  }

  @Override
  public UUID taskId() {
    return dispatch.taskId();
  }

  @Override
  public int attempt() {
    return dispatch.attempt();
  }

  @Override
  public String type() {
    return dispatch.type();
  }

  @Override
  public JsonNode input() {
    return dispatch.input() == null ? NullNode.getInstance() : dispatch.input();
  }

  @Override
  public <T> T inputAs(Class<T> type) {
    try {
      return codec.treeToValue(input(), type);
    } catch (MalformedMessageException e) {
      throw new NonRetryableException(
          "input of "
              + dispatch.type()
              + " does not fit "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Map<String, String> tags() {
    return dispatch.tags();
  }

  @Override
  public Instant deadline() {
    return dispatch.deadline();
  }

  @Override
  public void progress(int percent, String message) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be 0..100, got " + percent);
    }
    events.status(status(TaskStatusEvent.Status.PROGRESS, percent, message));
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  TaskStatusEvent status(TaskStatusEvent.Status status) {
    return status(status, null, null);
  }

  TaskStatusEvent status(TaskStatusEvent.Status status, Integer percent, String message) {
    return new TaskStatusEvent(
        ProtocolVersion.CURRENT,
        dispatch.taskId(),
        dispatch.attempt(),
        workerId,
        status,
        percent,
        message,
        clock.instant(),
        redelivered);
  }

  /**
   * A task thread takes the attempt.
   *
   * @return false when it was handed back to the broker meanwhile: the thread must leave it
   */
  boolean take() {
    if (phase.compareAndSet(Phase.WAITING, Phase.TAKEN)) {
      handlerStartedAtNanos = System.nanoTime();
      startedAt = clock.instant();
      return true;
    }
    return false;
  }

  /** The handler returned: the attempt no longer runs here, its result is on its way. */
  void done() {
    phase.set(Phase.DONE);
  }

  /** Whether no thread runs it or will: it ended here, or went back to the broker. */
  boolean settled() {
    var now = phase.get();
    return now == Phase.DONE || now == Phase.HANDED_BACK;
  }

  /** When a thread took it (the handler's start), or null before. */
  Instant startedAt() {
    return startedAt;
  }

  /** Whether {@code RUNNING} was reported (once a handler outlived the threshold). */
  boolean runningReported() {
    return runningReported;
  }

  void reportedRunning() {
    runningReported = true;
  }

  /**
   * Gives the attempt back before any thread took it.
   *
   * @return false when a thread took it first
   */
  boolean handBack() {
    return phase.compareAndSet(Phase.WAITING, Phase.HANDED_BACK);
  }

  /** How long the attempt has waited for a thread, or zero once taken or handed back. */
  long waitingNanos(long now) {
    return phase.get() == Phase.WAITING ? now - receivedAtNanos : 0;
  }

  /** How long a thread has had the attempt, or zero before one took it. */
  long runningNanos(long now) {
    return phase.get() == Phase.TAKEN ? now - handlerStartedAtNanos : 0;
  }

  /** Whether its delivery was acked before the result (a long task). */
  boolean deliveryLetGo() {
    return deliveryLetGo;
  }

  void letDeliveryGo() {
    deliveryLetGo = true;
  }

  /** Marks the attempt cancelled and interrupts its handler if one is running. */
  synchronized void cancel() {
    cancelled = true;
    if (handlerThread != null) {
      handlerThread.interrupt();
    }
  }

  /** The calling thread is about to run the handler; a cancel from now on interrupts it. */
  synchronized void handlerStarting() {
    handlerThread = Thread.currentThread();
  }

  /**
   * The handler returned or threw. Clears a cancellation interrupt it did not consume, so it cannot
   * hit the result publish or the thread's next attempt.
   */
  synchronized void handlerFinished() {
    handlerThread = null;
    Thread.interrupted();
  }
}
