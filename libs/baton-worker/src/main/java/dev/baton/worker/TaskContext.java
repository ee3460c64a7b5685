package dev.baton.worker;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link TaskHandler} knows about the attempt it runs, and how it talks back: progress
 * reports and cancellation. One instance per attempt; safe to use from the handler's thread and any
 * thread it starts.
 */
public interface TaskContext {

  /** The task's id; with {@link #attempt()} it identifies this attempt (for idempotency). */
  UUID taskId();

  /** The attempt number, 1 for the first run, increasing with every retry. */
  int attempt();

  /** The task type this handler was registered for. */
  String type();

  /** The task's input as JSON; never {@code null} (a JSON null node when the dispatch had none). */
  JsonNode input();

  /**
   * The input converted to {@code type} with the protocol's JSON mapper.
   *
   * @throws NonRetryableException if the input does not fit {@code type}: another attempt with the
   *     same input cannot do better
   */
  <T> T inputAs(Class<T> type);

  /** The task's tags; never {@code null}. */
  Map<String, String> tags();

  /**
   * When the orchestrator stops waiting for this attempt, or {@code null} if the dispatch carried
   * none. The worker does not enforce it; a handler of long work may check it.
   */
  Instant deadline();

  /**
   * Publishes a {@code PROGRESS} status event for this attempt. Best effort: not retried if the
   * broker does not confirm it.
   *
   * @param percent 0 to 100
   * @param message a short human text, may be {@code null}
   * @throws IllegalArgumentException if {@code percent} is outside 0..100
   */
  void progress(int percent, String message);

  /**
   * True once the orchestrator asked to cancel this attempt. The worker also interrupts the
   * handler's thread, so blocking calls end with {@link InterruptedException}; long computations
   * should poll this. Whatever the handler then returns or throws, the attempt is reported as
   * failed with type {@code CANCELLED}.
   */
  boolean isCancelled();
}
