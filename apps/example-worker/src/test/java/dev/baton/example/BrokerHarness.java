package dev.baton.example;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.ControlMessage;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.Topology;
import dev.baton.protocol.WorkerEvent;
import dev.baton.protocol.WorkerHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The orchestrator's side on the real broker: declares the example task queues and a queue bound
 * {@code #} to the events exchange, publishes dispatches and cancels, collects events. A unique
 * prefix per instance; everything is deleted on close.
 */
final class BrokerHarness implements AutoCloseable {

  static final String AMQP_URI =
      System.getenv().getOrDefault("BATON_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final List<String> TYPES =
      List.of(
          ExampleHandlers.ECHO,
          ExampleHandlers.SLEEP,
          ExampleHandlers.SHA256,
          ExampleHandlers.FAIL);

  final ProtocolCodec codec = new ProtocolCodec();
  final Topology topology = new Topology("t-" + UUID.randomUUID().toString().substring(0, 8));
  final List<WorkerEvent> events = new CopyOnWriteArrayList<>();
  private final Connection connection;
  private final Channel channel;

  BrokerHarness() throws Exception {
    var factory = new ConnectionFactory();
    factory.setUri(AMQP_URI);
    connection = factory.newConnection("example-worker test harness");
    channel = connection.createChannel();
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    var eventsQueue = channel.queueDeclare("", false, true, true, null).getQueue();
    channel.queueBind(eventsQueue, topology.eventsExchange(), "#");
    channel.basicConsume(
        eventsQueue,
        true,
        (tag, d) -> events.add(codec.decodeEvent(d.getEnvelope().getRoutingKey(), d.getBody())),
        tag -> {});
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    for (var type : TYPES) {
      var queue = topology.taskQueue(type);
      channel.queueDeclare(
          queue, true, false, false, QueueArguments.taskQueue(BrokerFlavor.RABBITMQ, topology));
      channel.queueBind(queue, topology.tasksExchange(), type);
    }
  }

  TaskDispatch dispatch(String type, String inputJson) throws Exception {
    var dispatch =
        new TaskDispatch(
            1,
            UUID.randomUUID(),
            type,
            null,
            1,
            codec.readTree(inputJson),
            5,
            60,
            Instant.now().plusSeconds(60),
            Map.of());
    var props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .messageId(dispatch.messageId())
            .priority(dispatch.priority())
            .build();
    channel.basicPublish(topology.tasksExchange(), type, true, props, codec.encode(dispatch));
    return dispatch;
  }

  void cancel(String workerId, TaskDispatch dispatch) throws Exception {
    channel.basicPublish(
        topology.controlExchange(),
        topology.controlKey(workerId),
        null,
        codec.encode(ControlMessage.cancel(dispatch.taskId(), dispatch.attempt())));
  }

  TaskResultEvent awaitResult(TaskDispatch dispatch) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                events.stream()
                    .filter(TaskResultEvent.class::isInstance)
                    .map(TaskResultEvent.class::cast)
                    .filter(e -> e.taskId().equals(dispatch.taskId()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  WorkerHeartbeat awaitHeartbeat() {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                events.stream()
                    .filter(WorkerHeartbeat.class::isInstance)
                    .map(WorkerHeartbeat.class::cast)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  @Override
  public void close() throws Exception {
    try (var ch = connection.createChannel()) {
      for (var type : TYPES) {
        ch.queueDelete(topology.taskQueue(type));
      }
      ch.queueDelete(topology.deadLetterQueue());
      for (var exchange :
          List.of(
              topology.tasksExchange(),
              topology.eventsExchange(),
              topology.controlExchange(),
              topology.deadLetterExchange())) {
        ch.exchangeDelete(exchange);
      }
    } finally {
      connection.close();
    }
  }
}
