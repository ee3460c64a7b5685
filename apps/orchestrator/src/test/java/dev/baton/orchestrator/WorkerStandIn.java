package dev.baton.orchestrator;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.Topology;
import dev.baton.protocol.WorkerHeartbeat;
import dev.baton.testsupport.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Plays a worker on the wire: publishes its events (status, result, heartbeat) to the events
 * exchange of the test broker with publisher confirms, as the SDK does, so a test decides exactly
 * which event is queued when. Also reads the dead-letter queue and the events queue's depth.
 */
public final class WorkerStandIn implements AutoCloseable {

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  private final Topology topology;
  private final String workerId;
  private final Connection connection;
  private final Channel channel;

  public WorkerStandIn(Topology topology, String workerId) {
    this.topology = topology;
    this.workerId = workerId;
    try {
      connection = TestBroker.connectionFactory().newConnection("stand-in-" + workerId);
      channel = connection.createChannel();
      channel.confirmSelect();
    } catch (Exception e) {
      throw new IllegalStateException("cannot connect to the test broker", e);
    }
  }

  public String workerId() {
    return workerId;
  }

  public void status(UUID taskId, int attempt, TaskStatusEvent.Status status) {
    publish(
        Topology.KEY_TASK_STATUS,
        CODEC.encode(TaskStatusEvent.of(taskId, attempt, workerId, status, Instant.now())));
  }

  public void completed(UUID taskId, int attempt, JsonNode result) {
    publish(
        Topology.KEY_TASK_RESULT,
        CODEC.encode(TaskResultEvent.completed(taskId, attempt, workerId, result, Instant.now())));
  }

  /** A retryable failure of the attempt. */
  public void failed(UUID taskId, int attempt, String message) {
    var error = new TaskError(message, "StandInFailure", true);
    publish(
        Topology.KEY_TASK_RESULT,
        CODEC.encode(TaskResultEvent.failed(taskId, attempt, workerId, error, Instant.now())));
  }

  public void heartbeat(List<UUID> running) {
    publish(
        Topology.KEY_WORKER_HEARTBEAT,
        CODEC.encode(
            new WorkerHeartbeat(
                ProtocolVersion.CURRENT,
                workerId,
                List.of("stand-in"),
                4,
                running,
                Instant.now())));
  }

  /** Publishes {@code body} with routing key {@code key} and waits for the broker's confirm. */
  public void publish(String key, byte[] body) {
    var props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    try {
      channel.basicPublish(topology.eventsExchange(), key, props, body);
      channel.waitForConfirmsOrDie(5_000);
    } catch (Exception e) {
      throw new IllegalStateException("publishing a " + key + " event failed", e);
    }
  }

  /**
   * Publishes {@code count} events made by {@code body} with routing key {@code key}, then waits
   * for the broker's confirms of them all: a backlog, as many workers build up during an outage.
   */
  public void publishMany(String key, int count, Supplier<byte[]> body) {
    var props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    try {
      for (int i = 0; i < count; i++) {
        channel.basicPublish(topology.eventsExchange(), key, props, body.get());
      }
      channel.waitForConfirmsOrDie(60_000);
    } catch (Exception e) {
      throw new IllegalStateException("publishing " + count + " " + key + " events failed", e);
    }
  }

  /** A status event of a task the orchestrator does not know: it costs a lookup, then nothing. */
  public byte[] unknownTaskStatus() {
    return CODEC.encode(
        TaskStatusEvent.of(
            UUID.randomUUID(), 1, workerId, TaskStatusEvent.Status.RUNNING, Instant.now()));
  }

  /** Messages ready in the orchestrator's events queue (not those a consumer holds). */
  public int eventsQueueDepth() {
    try {
      return channel.queueDeclarePassive(topology.orchestratorEventsQueue()).getMessageCount();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for the dead-lettered message whose body contains {@code text}, taking the others off the
   * dead-letter queue on the way.
   */
  public GetResponse awaitDeadLetter(String text, Duration atMost) {
    var found = new GetResponse[1];
    await("a dead letter containing " + text)
        .atMost(atMost)
        .until(
            () -> {
              var response = channel.basicGet(topology.deadLetterQueue(), true);
              if (response != null
                  && new String(response.getBody(), StandardCharsets.UTF_8).contains(text)) {
                found[0] = response;
                return true;
              }
              return false;
            });
    return found[0];
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // the test is over; the broker drops the connection anyway
    }
  }
}
