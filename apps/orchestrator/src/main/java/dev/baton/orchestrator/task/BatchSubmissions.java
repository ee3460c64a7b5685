package dev.baton.orchestrator.task;

import dev.baton.protocol.TaskSubmission;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Submits many tasks in one transaction: all are stored, or none. Each item is stored as one {@link
 * TaskSubmissions#submit} would, so defaults, rules and idempotency keys work per item (a key
 * repeated within the batch, with the same body, names the same task).
 */
@Service
public class BatchSubmissions {

  private final TaskSubmissions submissions;

  public BatchSubmissions(TaskSubmissions submissions) {
    this.submissions = submissions;
  }

  /**
   * Persists every submission, in order, as tasks of {@code tenant}.
   *
   * @throws InvalidBatchException naming every item that broke a rule; then nothing is stored
   */
  @Transactional
  public List<TaskSubmissions.Submitted> submitAll(List<TaskSubmission> batch, String tenant) {
    var submitted = new ArrayList<TaskSubmissions.Submitted>(batch.size());
    var errors = new ArrayList<InvalidBatchException.ItemError>();
    for (int i = 0; i < batch.size(); i++) {
      // Keep going after a bad item, so the answer names all of them; the throw below rolls back.
      try {
        submitted.add(submissions.store(batch.get(i), tenant));
      } catch (InvalidSubmissionException e) {
        for (var v : e.violations()) {
          errors.add(
              new InvalidBatchException.ItemError(i, v.field(), v.message(), false, v.pointer()));
        }
      } catch (IdempotencyConflictException e) {
        errors.add(new InvalidBatchException.ItemError(i, "idempotencyKey", e.getMessage(), true));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidBatchException(errors);
    }
    return submitted;
  }
}
