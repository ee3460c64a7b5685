package dev.baton.orchestrator.task;

import dev.baton.orchestrator.persistence.TransactionBound;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds a transaction's {@link TaskTransitioned} and publishes them after it commits, as one {@link
 * TasksTransitioned}.
 *
 * <p>Why not one {@code @TransactionalEventListener} event per transition: each such event
 * registers a synchronization per listener, so a batch of 500 tasks carried 1,000 of them, sorted
 * by order four times per commit and run one by one — about a tenth of the orchestrator's Java
 * samples in a profile of step 7 (Spring's event and synchronization machinery and the metrics'
 * meter lookups). One callback per transaction does the same work for the batch.
 */
@Component
class CommittedTransitions {

  private static final Logger log = LoggerFactory.getLogger(CommittedTransitions.class);

  private final ApplicationEventPublisher events;

  CommittedTransitions(ApplicationEventPublisher events) {
    this.events = events;
  }

  /** Published after the current transaction commits; at once when none is active. */
  void add(TaskTransitioned transition) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      publish(List.of(transition));
      return;
    }
    held().add(transition);
  }

  private List<TaskTransitioned> held() {
    List<TaskTransitioned> held = TransactionBound.find(this);
    if (held == null) {
      held =
          TransactionBound.bind(
              this,
              new ArrayList<>(),
              new TransactionBound.Callbacks<List<TaskTransitioned>>() {
                @Override
                public void afterCommit(List<TaskTransitioned> transitions) {
                  publish(transitions);
                }
              });
    }
    return held;
  }

  private void publish(List<TaskTransitioned> transitions) {
    try {
      events.publishEvent(new TasksTransitioned(transitions));
    } catch (RuntimeException e) {
      // The transaction is committed: its caller must get its answer; a listener's failure
      // (metrics, the relay's wake-up) is logged, not thrown at it.
      log.warn("a listener of {} committed transition(s) failed", transitions.size(), e);
    }
  }
}
