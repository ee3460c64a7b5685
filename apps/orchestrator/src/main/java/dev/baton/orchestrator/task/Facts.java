package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskError;

/** What came with a trigger: who reported it and what it carried. All parts optional. */
public record Facts(
    String workerId, Integer progress, String resultJson, TaskError error, String message) {

  public static final Facts NONE = new Facts(null, null, null, null, null);

  public static Facts fromWorker(String workerId) {
    return new Facts(workerId, null, null, null, null);
  }
}
