package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;

/**
 * What came with a trigger: who reported it and what it carried. All parts optional.
 *
 * @param redelivered the reporting worker got the dispatch as a broker redelivery: the worker that
 *     held the attempt before may be taken over from (see {@link TaskStateMachine})
 */
public record Facts(
    String workerId,
    Integer progress,
    String resultJson,
    TaskError error,
    String message,
    boolean redelivered) {

  public static final Facts NONE = new Facts(null, null, null, null, null);

  public Facts(
      String workerId, Integer progress, String resultJson, TaskError error, String message) {
    this(workerId, progress, resultJson, error, message, false);
  }

  public static Facts fromWorker(String workerId) {
    return new Facts(workerId, null, null, null, null);
  }
}
