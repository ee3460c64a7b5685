package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;
import java.time.Instant;

/**
 * What came with a trigger: who reported it and what it carried. All parts optional.
 *
 * @param redelivered the reporting worker got the dispatch as a broker redelivery: the worker that
 *     held the attempt before may be taken over from (see {@link TaskStateMachine})
 * @param startedAt when the reporting worker's handler started, as it says in a result (v1.1: a
 *     worker that reported no {@code RUNNING})
 */
public record Facts(
    String workerId,
    Integer progress,
    String resultJson,
    TaskError error,
    String message,
    boolean redelivered,
    Instant startedAt) {

  public static final Facts NONE = new Facts(null, null, null, null, null);

  public Facts(
      String workerId, Integer progress, String resultJson, TaskError error, String message) {
    this(workerId, progress, resultJson, error, message, false, null);
  }

  public static Facts fromWorker(String workerId) {
    return new Facts(workerId, null, null, null, null);
  }
}
