package dev.baton.worker;

import dev.baton.protocol.TaskResultEvent;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the worker did, for tests and operators. */
final class WorkerStats {

  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder publishRetries = new LongAdder();

  void resultAcked(TaskResultEvent.Outcome outcome) {
    (outcome == TaskResultEvent.Outcome.COMPLETED ? completed : failed).increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void deadLetter() {
    deadLettered.increment();
  }

  void publishRetried() {
    publishRetries.increment();
  }

  long completed() {
    return completed.sum();
  }

  long failed() {
    return failed.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long deadLettered() {
    return deadLettered.sum();
  }

  long publishRetries() {
    return publishRetries.sum();
  }
}
