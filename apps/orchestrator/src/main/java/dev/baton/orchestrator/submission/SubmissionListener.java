package dev.baton.orchestrator.submission;

import dev.baton.orchestrator.events.DeadLetters;
import dev.baton.orchestrator.events.OversizedMessages;
import dev.baton.orchestrator.security.AmqpTenants;
import dev.baton.orchestrator.task.IdempotencyConflictException;
import dev.baton.orchestrator.task.InvalidSubmissionException;
import dev.baton.orchestrator.task.TaskSubmissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Consumes producers' submissions from AMQP: the same body, checks and persistence as {@code POST
 * /api/v1/tasks}. A valid one is stored before the message is acked (the container acks after this
 * listener returns); an invalid one (or one over {@code baton.broker.max-message-size}, which is
 * not even parsed) is dead-lettered with the reason and acked, so it never blocks the queue; a
 * failure that is not the message's fault (the database is unavailable) requeues it after a pause.
 * With {@code reply_to} the producer gets the task's id or the problem.
 */
@Component
class SubmissionListener implements MessageListener {

  private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

  private final SubmissionReader reader;
  private final TaskSubmissions submissions;
  private final DeadLetters deadLetters;
  private final SubmissionReplies replies;
  private final AmqpTenants tenants;
  private final OversizedMessages oversized;

  SubmissionListener(
      SubmissionReader reader,
      TaskSubmissions submissions,
      DeadLetters deadLetters,
      SubmissionReplies replies,
      OversizedMessages oversized,
      AmqpTenants tenants) {
    this.tenants = tenants;
    this.reader = reader;
    this.submissions = submissions;
    this.deadLetters = deadLetters;
    this.replies = replies;
    this.oversized = oversized;
  }

  @Override
  public void onMessage(Message message) {
    var props = message.getMessageProperties();
    var tooLarge = oversized.reason(message);
    if (tooLarge.isPresent()) {
      deadLetters.send(message, "submission rejected: " + tooLarge.get());
      replies.problem(props, SubmissionProblem.tooLarge(tooLarge.get(), oversized.maxBytes()));
      return;
    }
    SubmissionProblem problem;
    try {
      var tenant = tenants.tenantOf(props.getReceivedUserId());
      if (tenant.isEmpty()) {
        throw SubmissionProblem.noTenant(props.getReceivedUserId());
      }
      var submitted = submissions.submit(reader.read(message.getBody()), tenant.get());
      replies.accepted(props, submitted);
      return;
    } catch (SubmissionProblem invalid) {
      problem = invalid;
    } catch (InvalidSubmissionException e) {
      problem = SubmissionProblem.invalid(e);
    } catch (IdempotencyConflictException e) {
      problem = SubmissionProblem.idempotencyConflict(e);
    } catch (NonTransientDataAccessException e) {
      problem = SubmissionProblem.notStored(e);
    } catch (RuntimeException notTheMessagesFault) {
      log.warn(
          "Could not store a submission ({}); it is requeued and retried",
          notTheMessagesFault.toString());
      pauseBeforeRequeue();
      throw notTheMessagesFault;
    }
    deadLetters.send(message, "submission rejected: " + problem.getMessage());
    replies.problem(props, problem);
  }

  private static void pauseBeforeRequeue() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
