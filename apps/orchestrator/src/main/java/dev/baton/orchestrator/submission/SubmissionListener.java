package dev.baton.orchestrator.submission;

import com.rabbitmq.client.Channel;
import dev.baton.orchestrator.events.DeadLetters;
import dev.baton.orchestrator.events.OversizedMessages;
import dev.baton.orchestrator.persistence.OutagePause;
import dev.baton.orchestrator.security.AmqpTenants;
import dev.baton.orchestrator.task.IdempotencyConflictException;
import dev.baton.orchestrator.task.InvalidSubmissionException;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.protocol.TaskSubmission;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes producers' submissions from AMQP in batches: the same body, checks and persistence as
 * {@code POST /api/v1/tasks}, one transaction per batch (as cheap per task as a REST batch).
 *
 * <p>Each message is acked only once its task is stored (the batch committed) or once it was
 * dead-lettered with the reason: an invalid one (or one over {@code baton.broker.max-message-size},
 * which is not even parsed) never blocks the queue. A batch that fails is stored message by
 * message, each in its own transaction, so one bad submission fails alone. A failure that is not
 * the message's fault (the database is unavailable) requeues that message and the rest of the batch
 * after a pause; the messages stored before it stay acked, so none is stored twice. With {@code
 * reply_to} the producer gets the task's id or the problem, after the commit.
 */
@Component
class SubmissionListener implements ChannelAwareBatchMessageListener {

  private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

  private final SubmissionReader reader;
  private final TaskSubmissions submissions;
  private final DeadLetters deadLetters;
  private final SubmissionReplies replies;
  private final AmqpTenants tenants;
  private final OversizedMessages oversized;
  private final TransactionTemplate transaction;

  SubmissionListener(
      SubmissionReader reader,
      TaskSubmissions submissions,
      DeadLetters deadLetters,
      SubmissionReplies replies,
      OversizedMessages oversized,
      AmqpTenants tenants,
      PlatformTransactionManager transactionManager) {
    this.tenants = tenants;
    this.reader = reader;
    this.submissions = submissions;
    this.deadLetters = deadLetters;
    this.replies = replies;
    this.oversized = oversized;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** A message read and checked, ready to be stored. */
  private record Readable(Message message, TaskSubmission submission, String tenant) {}

  @Override
  public void onMessageBatch(List<Message> messages, Channel channel) {
    var readable = new ArrayList<Readable>(messages.size());
    for (var message : messages) {
      var read = read(message);
      if (read == null) {
        ack(channel, message);
      } else {
        readable.add(read);
      }
    }
    if (readable.isEmpty()) {
      return;
    }
    List<TaskSubmissions.Submitted> stored;
    try {
      stored =
          transaction.execute(
              status -> {
                var all = new ArrayList<TaskSubmissions.Submitted>(readable.size());
                for (var r : readable) {
                  all.add(submissions.submit(r.submission(), r.tenant()));
                }
                return all;
              });
    } catch (RuntimeException batchFailure) {
      log.debug(
          "batch of {} submissions failed, storing one by one", readable.size(), batchFailure);
      storeOneByOne(readable, channel);
      return;
    }
    for (int i = 0; i < readable.size(); i++) {
      replies.accepted(readable.get(i).message().getMessageProperties(), stored.get(i));
    }
    ackUpTo(channel, readable.get(readable.size() - 1).message());
  }

  @Override
  public void onMessage(Message message, Channel channel) {
    onMessageBatch(List.of(message), channel);
  }

  /**
   * Parses and checks a message; null when it was refused (dead-lettered, the producer answered).
   */
  private Readable read(Message message) {
    var props = message.getMessageProperties();
    var tooLarge = oversized.reason(message);
    if (tooLarge.isPresent()) {
      deadLetters.send(message, "submission rejected: " + tooLarge.get());
      replies.problem(props, SubmissionProblem.tooLarge(tooLarge.get(), oversized.maxBytes()));
      return null;
    }
    try {
      var tenant = tenants.tenantOf(props.getReceivedUserId());
      if (tenant.isEmpty()) {
        throw SubmissionProblem.noTenant(props.getReceivedUserId());
      }
      return new Readable(message, reader.read(message.getBody()), tenant.get());
    } catch (SubmissionProblem problem) {
      refuse(message, problem);
      return null;
    }
  }

  private void storeOneByOne(List<Readable> readable, Channel channel) {
    for (int i = 0; i < readable.size(); i++) {
      var r = readable.get(i);
      if (!storeAlone(r)) {
        // Not the message's fault: this one and those behind it go back to the queue. Pause first,
        // so an outage is not a hot loop of redeliveries.
        OutagePause.beforeRequeue();
        readable.subList(i, readable.size()).forEach(rest -> requeue(channel, rest.message()));
        return;
      }
      ack(channel, r.message());
    }
  }

  /** Stores one submission in its own transaction; false when it must be retried later. */
  private boolean storeAlone(Readable r) {
    SubmissionProblem problem;
    try {
      var submitted = submissions.submit(r.submission(), r.tenant());
      replies.accepted(r.message().getMessageProperties(), submitted);
      return true;
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
      return false;
    }
    refuse(r.message(), problem);
    return true;
  }

  private void refuse(Message message, SubmissionProblem problem) {
    deadLetters.send(message, "submission rejected: " + problem.getMessage());
    replies.problem(message.getMessageProperties(), problem);
  }

  private static void ack(Channel channel, Message message) {
    try {
      channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
    } catch (IOException e) {
      // The channel is gone: the broker requeues the message, and a stored one comes back as a
      // duplicate only if it had no idempotency key (documented in guarantees.md).
      log.warn("Could not ack a submission: {}", e.toString());
    }
  }

  /**
   * Acks {@code last} and every message delivered on this channel before it, in one frame instead
   * of one per message. Safe because this consumer settles each batch before it takes the next: the
   * only unsettled deliveries up to {@code last} are the batch's committed ones (those refused were
   * acked on their own already), and the prefetched ones behind it have higher tags.
   */
  private static void ackUpTo(Channel channel, Message last) {
    try {
      channel.basicAck(last.getMessageProperties().getDeliveryTag(), true);
    } catch (IOException e) {
      // As for one message: the broker requeues the batch (duplicates only without keys).
      log.warn("Could not ack a batch of stored submissions: {}", e.toString());
    }
  }

  private static void requeue(Channel channel, Message message) {
    try {
      channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
    } catch (IOException e) {
      log.warn("Could not requeue a submission (the broker requeues it): {}", e.toString());
    }
  }
}
