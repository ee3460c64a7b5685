package dev.baton.orchestrator.submission;

import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.protocol.TaskStatus;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a submission that asked for it ({@code reply_to}) on the default exchange, with the same
 * {@code correlation_id}: {@code application/json} {@code {"id","status","created"}} for a stored
 * task, {@code application/problem+json} for a refused one. Best effort: the task is stored (or the
 * message dead-lettered) whatever becomes of the reply.
 */
@Component
class SubmissionReplies {

  private static final Logger log = LoggerFactory.getLogger(SubmissionReplies.class);
  static final String PROBLEM_JSON = "application/problem+json";

  /**
   * The reply to a stored submission.
   *
   * @param created false for an idempotent repeat (the first task's id and status)
   */
  record Accepted(UUID id, TaskStatus status, boolean created) {}

  private final RabbitTemplate rabbit;
  private final JsonMapper json;

  SubmissionReplies(RabbitTemplate rabbit, JsonMapper json) {
    this.rabbit = rabbit;
    this.json = json;
  }

  void accepted(MessageProperties request, TaskSubmissions.Submitted submitted) {
    var task = submitted.task();
    send(
        request,
        new Accepted(task.id(), task.status(), submitted.created()),
        MessageProperties.CONTENT_TYPE_JSON);
  }

  void problem(MessageProperties request, SubmissionProblem problem) {
    send(request, problem.body(), PROBLEM_JSON);
  }

  private void send(MessageProperties request, Object body, String contentType) {
    var replyTo = request.getReplyTo();
    if (replyTo == null || replyTo.isBlank()) {
      return;
    }
    var props = new MessageProperties();
    props.setContentType(contentType);
    props.setContentEncoding("UTF-8");
    props.setCorrelationId(request.getCorrelationId());
    props.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
    try {
      var address = request.getReplyToAddress();
      rabbit.send(
          address.getExchangeName(),
          address.getRoutingKey(),
          new Message(json.writeValueAsBytes(body), props));
    } catch (AmqpException e) {
      log.warn("Could not reply to {}: {}", replyTo, e.toString());
    }
  }
}
