package dev.baton.worker;

/**
 * Runs one attempt of a task of one type. Register it with {@link
 * BatonWorker.Builder#handler(String, TaskHandler)}.
 *
 * <p>The worker may deliver the same attempt more than once (at-least-once execution), so a handler
 * must be idempotent; {@link TaskContext#taskId()} and {@link TaskContext#attempt()} identify the
 * attempt. Handlers run on the worker's pool of {@code concurrency} threads, several at a time.
 */
@FunctionalInterface
public interface TaskHandler {

  /**
   * Runs the attempt.
   *
   * @param context the attempt's input and metadata, progress reporting and cancellation
   * @return the result: a {@code JsonNode} is sent as is, any other value is converted with the
   *     protocol's JSON mapper, {@code null} becomes JSON {@code null}
   * @throws NonRetryableException when another attempt cannot succeed; the task fails for good
   * @throws Exception any other exception fails this attempt as retryable, reported with the
   *     exception's message and class name
   */
  Object handle(TaskContext context) throws Exception;
}
