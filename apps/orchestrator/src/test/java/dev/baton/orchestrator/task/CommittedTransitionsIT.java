package dev.baton.orchestrator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.TaskSubmission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A transaction's transitions reach their listeners (metrics, the relay) once, after the commit, as
 * one {@link TasksTransitioned}; a rolled-back transaction's never. Events are recorded on the
 * test's thread, where these transactions run. The tasks are scheduled a day ahead, so nothing else
 * transitions them meanwhile.
 */
@RecordApplicationEvents
class CommittedTransitionsIT extends OrchestratorIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant RUN_AT = Instant.now().plus(1, ChronoUnit.DAYS);

  @Autowired TaskSubmissions submissions;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired ApplicationEvents events;

  @Test
  void aTransactionsTransitionsArePublishedOnceAfterItCommits() {
    var seenBeforeCommit =
        new TransactionTemplate(transactionManager)
            .execute(
                status -> {
                  submit();
                  submit();
                  submit();
                  return published().size();
                });

    assertThat(seenBeforeCommit).isZero();
    assertThat(published()).hasSize(1);
    assertThat(published().get(0).transitions())
        .hasSize(3)
        .allSatisfy(
            t -> {
              assertThat(t.from()).isNull();
              assertThat(t.to()).isEqualTo(TaskStatus.SCHEDULED);
              assertThat(t.type()).isEqualTo("ct-test");
            });
  }

  @Test
  void aRolledBackTransactionPublishesNothing() {
    new TransactionTemplate(transactionManager)
        .executeWithoutResult(
            status -> {
              submit();
              submit();
              status.setRollbackOnly();
            });

    assertThat(published()).isEmpty();
  }

  @Test
  void aTransactionStartedInsideAnotherPublishesItsOwnAtItsCommit() {
    var inner = new TransactionTemplate(transactionManager);
    inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

    var afterInner =
        new TransactionTemplate(transactionManager)
            .execute(
                status -> {
                  submit();
                  inner.executeWithoutResult(s -> submit());
                  var seen = published().size();
                  submit();
                  return seen;
                });

    assertThat(afterInner).isEqualTo(1);
    assertThat(published()).extracting(e -> e.transitions().size()).containsExactly(1, 2);
  }

  private List<TasksTransitioned> published() {
    return events.stream(TasksTransitioned.class).toList();
  }

  private void submit() {
    submissions.submit(
        new TaskSubmission(
            "ct-test",
            JSON.readTree("{\"n\":1}"),
            null,
            null,
            null,
            null,
            null,
            RUN_AT,
            null,
            null),
        TaskSubmissions.DEFAULT_TENANT);
  }
}
