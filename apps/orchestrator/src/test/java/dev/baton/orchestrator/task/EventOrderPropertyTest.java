package dev.baton.orchestrator.task;

import static dev.baton.protocol.TaskStatus.ASSIGNED;
import static dev.baton.protocol.TaskStatus.CANCELLED;
import static dev.baton.protocol.TaskStatus.COMPLETED;
import static dev.baton.protocol.TaskStatus.FAILED;
import static dev.baton.protocol.TaskStatus.QUEUED;
import static dev.baton.protocol.TaskStatus.RETRYING;
import static dev.baton.protocol.TaskStatus.RUNNING;
import static dev.baton.protocol.TaskStatus.SCHEDULED;
import static dev.baton.protocol.TaskStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the order of events — duplicated, stale, out of order, for attempts that do or
 * do not exist, mixed with timeouts, lost workers and cancels — every transition the machine
 * applies is one the protocol allows, the attempt only grows, and a completed task never changes
 * again. 2,000 random histories from fixed seeds (a failure names its seed to replay it).
 */
class EventOrderPropertyTest {

  /**
   * Legal (from → to) of PROTOCOL.md, with the documented extensions (events overtaking confirms).
   */
  private static final Map<TaskStatus, Set<TaskStatus>> LEGAL =
      Map.of(
          SCHEDULED, EnumSet.of(QUEUED, ASSIGNED, RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          SUBMITTED, EnumSet.of(QUEUED, ASSIGNED, RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          QUEUED, EnumSet.of(ASSIGNED, RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          ASSIGNED, EnumSet.of(RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          RUNNING, EnumSet.of(RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          RETRYING, EnumSet.of(QUEUED, ASSIGNED, RUNNING, COMPLETED, RETRYING, FAILED, CANCELLED),
          COMPLETED, EnumSet.noneOf(TaskStatus.class),
          FAILED, EnumSet.of(SUBMITTED),
          CANCELLED, EnumSet.of(SUBMITTED));

  private final TaskStateMachine machine = new TaskStateMachine();

  @Test
  void randomEventHistoriesNeverProduceAnIllegalTransition() {
    for (long seed = 1; seed <= 2_000; seed++) {
      checkOneHistory(seed);
    }
  }

  private void checkOneHistory(long seed) {
    var random = new Random(seed);
    int maxRetries = random.nextInt(4);
    var task = Task.submitted(newTask(maxRetries, random.nextBoolean()), Instant.EPOCH);
    var events = randomEvents(random, maxRetries + 2);
    var now = Instant.EPOCH;
    for (var event : events) {
      var before = task.status();
      int attemptBefore = task.attempt();
      var workerBefore = task.workerId();
      var decision = machine.decide(task.state(), event);
      now = now.plusMillis(1);
      if (decision.applied()) {
        task.carryOut(decision, event, now);
        assertThat(task.status())
            .as("seed %d: %s + %s went elsewhere than decided", seed, before, event)
            .isEqualTo(decision.to());
        assertThat(LEGAL.get(before))
            .as("seed %d: %s + %s", seed, before, event)
            .contains(task.status());
        if (event.kind().isWorkerReport() && before.isWithWorker() && workerBefore != null) {
          assertThat(event.workerId())
              .as("seed %d: a report of another worker was applied", seed)
              .isEqualTo(workerBefore);
        }
        if (event.kind().concernsAnAttempt()) {
          assertThat(event.attempt())
              .as("seed %d: applied an event of another attempt", seed)
              .isEqualTo(attemptBefore);
        }
      } else {
        assertThat(task.status()).as("seed %d: not applied but changed", seed).isEqualTo(before);
      }
      assertThat(task.attempt())
          .as("seed %d: attempt went down", seed)
          .isGreaterThanOrEqualTo(attemptBefore);
      if (before == COMPLETED) {
        assertThat(task.status())
            .as("seed %d: a completed task changed", seed)
            .isEqualTo(COMPLETED);
      }
      if (event.kind() != Trigger.RETRY) {
        assertThat(task.attempt())
            .as("seed %d: more attempts than allowed", seed)
            .isLessThanOrEqualTo(TaskStateMachine.attemptsAllowed(maxRetries) + retries(events));
      }
    }
  }

  private static int retries(List<TaskEvent> events) {
    return (int) events.stream().filter(e -> e.kind() == Trigger.RETRY).count();
  }

  /** A shuffled mix of every kind of event, for attempts 1..maxAttempt+1, with duplicates. */
  private static List<TaskEvent> randomEvents(Random random, int maxAttempt) {
    var events = new ArrayList<TaskEvent>();
    int count = 5 + random.nextInt(40);
    for (int i = 0; i < count; i++) {
      var kind = TaskEvents.KINDS.get(random.nextInt(TaskEvents.KINDS.size()));
      int attempt = 1 + random.nextInt(maxAttempt + 1);
      var event =
          TaskEvents.of(kind, attempt, "w" + random.nextInt(3), random.nextBoolean(), false);
      events.add(event);
      if (random.nextInt(4) == 0) {
        events.add(event); // duplicate delivery
      }
    }
    Collections.shuffle(events, random);
    return events;
  }

  private static NewTask newTask(int maxRetries, boolean scheduled) {
    return new NewTask(
        "default",
        "t",
        null,
        5,
        "{}",
        maxRetries,
        30,
        Map.of(),
        null,
        scheduled ? Instant.EPOCH.plusSeconds(60) : null,
        RetryBackoff.DEFAULT);
  }
}
