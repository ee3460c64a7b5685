package dev.baton.worker;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.ControlMessage;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.TaskResultEvent;
import dev.baton.protocol.TaskStatusEvent;
import dev.baton.protocol.Topology;
import dev.baton.protocol.WorkerEvent;
import dev.baton.protocol.WorkerHeartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the orchestrator on the real broker with the plain client: declares the task queues and a
 * queue bound {@code #} to the events exchange, publishes dispatches and control messages, and
 * collects events. Every instance has its own topology prefix and deletes its names on close.
 */
final class TestOrchestrator implements AutoCloseable {

  static final String AMQP_URI =
      System.getenv().getOrDefault("BATON_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  static final Duration WAIT = Duration.ofSeconds(15);

  final ProtocolCodec codec = new ProtocolCodec();
  final Topology topology = new Topology("t-" + UUID.randomUUID().toString().substring(0, 8));
  final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

  /** The routing key of every message received on the events exchange, in order. */
  final List<String> messages = new CopyOnWriteArrayList<>();

  private final Connection connection;
  private final Channel channel;
  private final String eventsQueue;
  private final Set<String> taskTypes = ConcurrentHashMap.newKeySet();
  private final List<BatonWorker> workers = new CopyOnWriteArrayList<>();

  TestOrchestrator() throws Exception {
    var factory = new ConnectionFactory();
    factory.setUri(AMQP_URI);
    connection = factory.newConnection("baton-worker test orchestrator");
    channel = connection.createChannel();
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    eventsQueue = channel.queueDeclare("", false, true, true, null).getQueue();
    bindEvents();
    channel.basicConsume(
        eventsQueue,
        true,
        (tag, delivery) -> {
          var decoded =
              codec.decodeEvents(delivery.getEnvelope().getRoutingKey(), delivery.getBody());
          messages.add(delivery.getEnvelope().getRoutingKey());
          events.addAll(decoded.events());
        },
        tag -> {});
  }

  void bindEvents() throws Exception {
    channel.queueBind(eventsQueue, topology.eventsExchange(), "#");
  }

  void unbindEvents() throws Exception {
    channel.queueUnbind(eventsQueue, topology.eventsExchange(), "#");
  }

  BatonWorker.Builder worker() {
    return BatonWorker.builder(name -> null)
        .amqpUri(AMQP_URI)
        .topology(topology)
        .workerId("w-" + UUID.randomUUID().toString().substring(0, 8))
        .concurrency(2);
  }

  /** Declares the worker's task queues as the orchestrator would, then starts it. */
  BatonWorker start(BatonWorker.Builder builder) throws Exception {
    var worker = builder.build();
    for (var type : worker.types()) {
      declareTaskQueue(type);
    }
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** Declares the queue of {@code type} as the orchestrator does, before any worker. */
  void declareTaskQueue(String type) throws Exception {
    taskTypes.add(type);
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    var queue = topology.taskQueue(type);
    channel.queueDeclare(
        queue, true, false, false, QueueArguments.taskQueue(BrokerFlavor.RABBITMQ, topology));
    channel.queueBind(queue, topology.tasksExchange(), type);
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
            300,
            Instant.now().plusSeconds(300),
            Map.of("team", "test"));
    publish(dispatch);
    return dispatch;
  }

  void publish(TaskDispatch dispatch) throws Exception {
    publishRaw(dispatch.type(), codec.encode(dispatch), dispatch.messageId());
  }

  void publishRaw(String type, byte[] body, String messageId) throws Exception {
    declareTaskQueue(type);
    var props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .messageId(messageId)
            .priority(5)
            .build();
    channel.basicPublish(topology.tasksExchange(), type, true, props, body);
  }

  void publishRaw(String type, String body) throws Exception {
    publishRaw(type, body.getBytes(StandardCharsets.UTF_8), null);
  }

  void cancel(String workerId, UUID taskId, int attempt) throws Exception {
    channel.basicPublish(
        topology.controlExchange(),
        topology.controlKey(workerId),
        null,
        codec.encode(ControlMessage.cancel(taskId, attempt)));
  }

  List<TaskStatusEvent> statuses(UUID taskId) {
    return events.stream()
        .filter(TaskStatusEvent.class::isInstance)
        .map(TaskStatusEvent.class::cast)
        .filter(e -> e.taskId().equals(taskId))
        .toList();
  }

  List<TaskResultEvent> results(UUID taskId) {
    return events.stream()
        .filter(TaskResultEvent.class::isInstance)
        .map(TaskResultEvent.class::cast)
        .filter(e -> e.taskId().equals(taskId))
        .toList();
  }

  List<WorkerHeartbeat> heartbeats() {
    return events.stream()
        .filter(WorkerHeartbeat.class::isInstance)
        .map(WorkerHeartbeat.class::cast)
        .toList();
  }

  TaskResultEvent awaitResult(UUID taskId) {
    await().atMost(WAIT).until(() -> !results(taskId).isEmpty());
    return results(taskId).get(0);
  }

  void awaitStatus(UUID taskId, TaskStatusEvent.Status status) {
    await().atMost(WAIT).until(() -> statuses(taskId).stream().anyMatch(e -> e.status() == status));
  }

  /** Messages ready in a queue (not delivered, or delivered and given back). */
  int ready(String queue) throws Exception {
    try (var ch = connection.createChannel()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    }
  }

  int consumers(String queue) throws Exception {
    try (var ch = connection.createChannel()) {
      return ch.queueDeclarePassive(queue).getConsumerCount();
    }
  }

  /** Consumers of a queue; 0 while it does not exist. */
  int consumersIfExists(String queue) {
    try {
      return consumers(queue);
    } catch (Exception e) {
      return 0; // 404: the passive declare closed its channel
    }
  }

  /** Deletes a task queue with whatever is in it, as an operator would. */
  void deleteTaskQueue(String type) throws Exception {
    channel.queueDelete(topology.taskQueue(type));
  }

  GetResponse getDeadLetter() throws Exception {
    return channel.basicGet(topology.deadLetterQueue(), true);
  }

  @Override
  public void close() throws Exception {
    workers.forEach(worker -> worker.stop(Duration.ofSeconds(2)));
    try (var ch = connection.createChannel()) {
      var queues = new ArrayList<String>();
      taskTypes.forEach(type -> queues.add(topology.taskQueue(type)));
      queues.add(topology.deadLetterQueue());
      for (var queue : queues) {
        ch.queueDelete(queue);
      }
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
