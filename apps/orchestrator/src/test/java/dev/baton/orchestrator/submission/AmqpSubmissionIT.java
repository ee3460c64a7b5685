package dev.baton.orchestrator.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.orchestrator.events.DeadLetters;
import dev.baton.orchestrator.task.TaskSubmissions;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Producers submit over AMQP with the plain RabbitMQ client, as any language would. */
class AmqpSubmissionIT extends OrchestratorIT {

  private static final String TYPE = "amqp-sub";

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> TestBroker.deleteTopology(new Topology(PREFIX), List.of(TYPE))));
  }

  @Autowired DataSource dataSource;
  @Autowired SimpleMessageListenerContainer submissionsContainer;

  private Connection connection;
  private Channel channel;
  private String replyQueue;

  @BeforeEach
  void connect() throws Exception {
    connection = TestBroker.connectionFactory().newConnection("amqp-submission-it");
    channel = connection.createChannel();
    channel.confirmSelect();
    replyQueue = channel.queueDeclare().getQueue();
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
  }

  @Test
  void validSubmissionIsStoredAndTheReplyCarriesItsIdWithTheCorrelationId() {
    var correlation = UUID.randomUUID().toString();

    publish("{\"type\":\"" + TYPE + "\",\"input\":{\"x\":1},\"priority\":7}", correlation, true);

    var reply = awaitReply(correlation);
    assertThat(reply.getProps().getContentType()).isEqualTo("application/json");
    var body = JSON.readTree(reply.getBody());
    assertThat(body.get("status").asString()).isEqualTo("SUBMITTED");
    assertThat(body.get("created").asBoolean()).isTrue();
    var task = getJson("/api/v1/tasks/" + body.get("id").asString());
    assertThat(task.get("type").asString()).isEqualTo(TYPE);
    assertThat(task.get("priority").asInt()).isEqualTo(7);
    assertThat(task.get("input").get("x").asInt()).isEqualTo(1);
  }

  @Test
  void idempotentRepeatRepliesWithTheFirstTaskAndCreatedFalse() {
    var submission = "{\"type\":\"" + TYPE + "\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\"}";
    var first = UUID.randomUUID().toString();
    var second = UUID.randomUUID().toString();

    publish(submission, first, true);
    var firstReply = JSON.readTree(awaitReply(first).getBody());
    publish(submission, second, true);
    var secondReply = JSON.readTree(awaitReply(second).getBody());

    assertThat(secondReply.get("id")).isEqualTo(firstReply.get("id"));
    assertThat(secondReply.get("created").asBoolean()).isFalse();
  }

  @Test
  void garbageGetsAProblemReplyAndIsDeadLetteredWithTheReason() {
    var marker = UUID.randomUUID().toString();
    var correlation = UUID.randomUUID().toString();

    publish("this is not json " + marker, correlation, true);

    var reply = awaitReply(correlation);
    assertThat(reply.getProps().getContentType()).isEqualTo("application/problem+json");
    var problem = JSON.readTree(reply.getBody());
    assertThat(problem.get("type").asString())
        .isEqualTo("https://baton.dev/problems/invalid-input");
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asString()).startsWith("The message body is not a valid");
    var deadLetter = awaitDeadLetter(marker);
    assertThat(deadLetter.getProps().getHeaders().get(DeadLetters.REASON_HEADER).toString())
        .startsWith("submission rejected: The message body is not a valid");
    assertThat(deadLetter.getProps().getCorrelationId()).isEqualTo(correlation);
  }

  @Test
  void invalidFieldsAreNamedInTheProblemAndTheQueueGoesOn() {
    var marker = UUID.randomUUID().toString();
    var correlation = UUID.randomUUID().toString();
    var after = UUID.randomUUID().toString();

    publish(
        "{\"type\":\"no spaces\",\"priority\":12,\"tags\":{\"m\":\"" + marker + "\"}}",
        correlation,
        true);
    publish(
        "{\"type\":\"" + TYPE + "\",\"priority\":\"high\"}", UUID.randomUUID().toString(), false);
    publish("{\"type\":\"" + TYPE + "\"}", after, true);

    var problem = JSON.readTree(awaitReply(correlation).getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").findValuesAsString("field"))
        .containsExactly("priority", "type");
    assertThat(problem.get("errors").findValuesAsString("message"))
        .containsExactly("must be between 0 and 9", "must match [a-zA-Z0-9._-]{1,100}");
    assertThat(awaitDeadLetter(marker).getProps().getHeaders().get(DeadLetters.REASON_HEADER))
        .hasToString(
            "submission rejected: priority: must be between 0 and 9; type: must match"
                + " [a-zA-Z0-9._-]{1,100}");
    assertThat(JSON.readTree(awaitReply(after).getBody()).get("status").asString())
        .isEqualTo("SUBMITTED");
  }

  @Test
  void anInputThatBreaksItsDefinitionsSchemaIsAnsweredWithEveryPointer() {
    var registered =
        post(
            "/api/v1/definitions",
            "{\"type\":\"amqp-schema\",\"version\":\"1.0.0\",\"inputSchema\":"
                + "{\"type\":\"object\",\"required\":[\"url\"],"
                + "\"properties\":{\"size\":{\"type\":\"integer\"}}}}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    var correlation = UUID.randomUUID().toString();

    publish("{\"type\":\"amqp-schema\",\"input\":{\"size\":\"big\"}}", correlation, true);

    var problem = JSON.readTree(awaitReply(correlation).getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").findValuesAsString("pointer"))
        .containsExactlyInAnyOrder("/input", "/input/size");
  }

  @Test
  void oversizedSubmissionIsDeadLetteredUnreadWithA413ReplyAndTheQueueGoesOn() {
    var marker = UUID.randomUUID().toString();
    var correlation = UUID.randomUUID().toString();
    var after = UUID.randomUUID().toString();

    publish(
        "{\"type\":\""
            + TYPE
            + "\",\"input\":{\"pad\":\""
            + marker
            + "x".repeat(1024 * 1024)
            + "\"}}",
        correlation,
        true);
    publish("{\"type\":\"" + TYPE + "\"}", after, true);

    var problem = JSON.readTree(awaitReply(correlation).getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    assertThat(problem.get("type").asString())
        .isEqualTo("https://baton.dev/problems/body-too-large");
    assertThat(problem.get("maxBytes").asLong()).isEqualTo(1024 * 1024);
    assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("body");
    assertThat(awaitDeadLetter(marker).getProps().getHeaders().get(DeadLetters.REASON_HEADER))
        .asString()
        .startsWith("submission rejected: the message body is")
        .endsWith("larger than the limit of 1048576 (baton.broker.max-message-size)");
    assertThat(JSON.readTree(awaitReply(after).getBody()).get("status").asString())
        .isEqualTo("SUBMITTED");
  }

  @Test
  void submissionNestedDeeperThanTheLimitIsAProblemNamingTheDepth() {
    var marker = UUID.randomUUID().toString();
    var correlation = UUID.randomUUID().toString();
    var deep = "[".repeat(70) + "]".repeat(70);

    publish(
        "{\"type\":\""
            + TYPE
            + "\",\"tags\":{\"m\":\""
            + marker
            + "\"},\"input\":{\"a\":"
            + deep
            + "}}",
        correlation,
        true);

    var problem = JSON.readTree(awaitReply(correlation).getBody());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asString())
        .isEqualTo("The message body is nested more than 64 levels deep.");
    assertThat(awaitDeadLetter(marker).getProps().getHeaders().get(DeadLetters.REASON_HEADER))
        .asString()
        .contains("nested more than 64 levels deep");
  }

  @Test
  void submissionWithoutReplyToIsStoredAllTheSame() {
    var key = "amqp-" + UUID.randomUUID();

    publish(
        "{\"type\":\"" + TYPE + "\",\"idempotencyKey\":\"" + key + "\"}",
        UUID.randomUUID().toString(),
        false);

    await().atMost(Duration.ofSeconds(20)).until(() -> storedInput(key).isPresent());
  }

  @Test
  void aBurstIsStoredInBatchesWhereAConflictFailsAloneAndARepeatNamesTheFirstTask()
      throws Exception {
    // 300 submissions at once: consumed in batches of 100, one transaction each. The conflicting
    // one (item 200) fails its batch, which is then stored one by one: it alone is refused.
    var key = UUID.randomUUID().toString();
    var correlations = new java.util.ArrayList<String>();
    for (int i = 0; i < 300; i++) {
      var keyed = i == 100 || i == 200 || i == 250;
      var input = i == 250 ? 100 : i;
      var body =
          "{\"type\":\""
              + TYPE
              + "\",\"input\":{\"i\":"
              + input
              + "}"
              + (keyed ? ",\"idempotencyKey\":\"" + key + "\"" : "")
              + "}";
      var correlation = UUID.randomUUID().toString();
      correlations.add(correlation);
      channel.basicPublish(
          "",
          topology.submissionsQueue(),
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .deliveryMode(2)
              .correlationId(correlation)
              .replyTo(replyQueue)
              .build(),
          body.getBytes(StandardCharsets.UTF_8));
    }
    channel.waitForConfirmsOrDie(10_000);

    var replies = new java.util.HashMap<String, GetResponse>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              GetResponse r;
              while ((r = channel.basicGet(replyQueue, true)) != null) {
                replies.put(r.getProps().getCorrelationId(), r);
              }
              return replies.keySet().containsAll(correlations);
            });
    var ids = new java.util.HashSet<String>();
    for (int i = 0; i < 300; i++) {
      var reply = replies.get(correlations.get(i));
      var body = JSON.readTree(reply.getBody());
      if (i == 200) {
        assertThat(reply.getProps().getContentType()).isEqualTo("application/problem+json");
        assertThat(body.get("status").asInt()).isEqualTo(409);
        continue;
      }
      assertThat(reply.getProps().getContentType()).as("item %d", i).isEqualTo("application/json");
      assertThat(body.get("created").asBoolean()).as("item %d", i).isEqualTo(i != 250);
      if (i == 250) {
        assertThat(body.get("id").asString())
            .isEqualTo(
                JSON.readTree(replies.get(correlations.get(100)).getBody()).get("id").asString());
      } else {
        ids.add(body.get("id").asString());
      }
    }
    assertThat(ids).hasSize(298);
    for (var id : List.of(ids.iterator().next(), ids.stream().max(String::compareTo).get())) {
      assertThat(getJson("/api/v1/tasks/" + id).get("type").asString()).isEqualTo(TYPE);
    }
    assertThat(storedInput(key)).get().asString().contains("100");
    assertNothingLeftUnacked();
  }

  /**
   * Every submission the consumer took is settled (stored batches are acked in one frame up to
   * their last message): stopping the consumer closes its channel, and the broker would put any
   * message still unacked back in the queue.
   */
  private void assertNothingLeftUnacked() throws Exception {
    submissionsContainer.stop();
    try {
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> channel.queueDeclarePassive(topology.submissionsQueue()).getMessageCount(),
              count -> count == 0);
    } finally {
      submissionsContainer.start();
    }
  }

  /** The input of the default tenant's task stored with the idempotency key, if there is one. */
  private Optional<String> storedInput(String key) {
    return new JdbcTemplate(dataSource)
            .queryForList(
                "SELECT input FROM tasks WHERE tenant_id = ? AND idempotency_key = ?",
                String.class,
                TaskSubmissions.DEFAULT_TENANT,
                key)
            .stream()
            .findFirst();
  }

  private void publish(String body, String correlationId, boolean withReplyTo) {
    var props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .correlationId(correlationId)
            .replyTo(withReplyTo ? replyQueue : null)
            .build();
    try {
      channel.basicPublish(
          "", topology.submissionsQueue(), props, body.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(5000);
    } catch (Exception e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  /** The reply with this correlation id; replies to others are dropped. */
  private GetResponse awaitReply(String correlationId) {
    return awaitMessage(replyQueue, r -> correlationId.equals(r.getProps().getCorrelationId()));
  }

  private GetResponse awaitDeadLetter(String marker) {
    return awaitMessage(
        topology.deadLetterQueue(),
        r -> new String(r.getBody(), StandardCharsets.UTF_8).contains(marker));
  }

  private GetResponse awaitMessage(String queue, java.util.function.Predicate<GetResponse> match) {
    var found = new GetResponse[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var response = channel.basicGet(queue, true);
              if (response != null && match.test(response)) {
                found[0] = response;
                return true;
              }
              return false;
            });
    return found[0];
  }
}
