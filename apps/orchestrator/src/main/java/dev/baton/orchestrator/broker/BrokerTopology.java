package dev.baton.orchestrator.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.baton.orchestrator.BatonProperties;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Declares Baton's exchanges and queues on every new broker connection (so a restarted broker gets
 * them back), with the arguments of the broker it finds, and each task type's queue before that
 * type's first dispatch, so a dispatch is never unroutable. A queue deleted on the broker later is
 * {@linkplain #forget forgotten} when a dispatch to it comes back, or when {@code LostDispatches}
 * finds it missing, and declared again before the next dispatch.
 */
@Component
public class BrokerTopology implements ConnectionListener {

  private static final Logger log = LoggerFactory.getLogger(BrokerTopology.class);

  private final Topology topology;
  private final RabbitTemplate rabbit;
  private final Set<String> declaredTypes = ConcurrentHashMap.newKeySet();

  /** Every task queue declared since start, kept across connections: what LostDispatches checks. */
  private final Map<String, TaskQueue> knownQueues = new ConcurrentHashMap<>();

  /** Queues noticed deleted, by dispatch key. */
  private final Map<String, Deletion> deletions = new ConcurrentHashMap<>();

  private final QueueType queueType;
  private volatile BrokerFlavor flavor = BrokerFlavor.RABBITMQ;

  public BrokerTopology(
      Topology topology,
      ConnectionFactory connectionFactory,
      RabbitTemplate rabbit,
      BatonProperties properties) {
    this.topology = topology;
    this.rabbit = rabbit;
    this.queueType = properties.broker().queueType();
    connectionFactory.addConnectionListener(this);
  }

  @Override
  public void onCreate(Connection connection) {
    flavor = BrokerFlavor.fromServerProperties(connection.getDelegate().getServerProperties());
    declaredTypes.clear();
    try (var channel = connection.createChannel(false)) {
      declareStatic(channel);
      log.info(
          "Declared Baton topology '{}' on {} ({} queues)", topology.prefix(), flavor, queueType);
    } catch (Exception e) {
      log.error(
          "Could not declare Baton's exchanges and queues (prefix '{}'): {}. If a queue exists with"
              + " other arguments, delete it (rabbitmqctl delete_queue NAME) or use another"
              + " baton.broker.prefix.",
          topology.prefix(),
          e.toString());
    }
  }

  private void declareStatic(Channel channel) throws IOException {
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.controlExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(topology.deadLetterQueue(), true, false, false, null);
    channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
    var inbound = QueueArguments.inboundQueue(flavor, topology, queueType);
    channel.queueDeclare(topology.orchestratorEventsQueue(), true, false, false, inbound);
    channel.queueBind(topology.orchestratorEventsQueue(), topology.eventsExchange(), "#");
    channel.queueDeclare(topology.submissionsQueue(), true, false, false, inbound);
  }

  /** Declares the queue of {@code type} and its binding, once per connection. */
  public void ensureTaskQueue(String type) {
    ensureTaskQueue(type, null);
  }

  /**
   * Declares the queue of {@code type} of {@code tenant} (null: shared) and its binding, once until
   * it is {@linkplain #forget forgotten} or the connection is new.
   *
   * @throws org.springframework.amqp.AmqpException when the broker refuses (see {@link #refusal})
   *     or cannot be reached
   */
  public void ensureTaskQueue(String type, String tenant) {
    var key = topology.dispatchKey(type, tenant);
    if (declaredTypes.contains(key)) {
      return;
    }
    var queue = topology.taskQueue(type, tenant);
    rabbit.execute(
        channel -> {
          // Cheap and idempotent: a deleted tasks exchange comes back with the next dispatch.
          channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
          channel.queueDeclare(
              queue, true, false, false, QueueArguments.taskQueue(flavor, topology, queueType));
          channel.queueBind(queue, topology.tasksExchange(), key);
          return null;
        });
    declaredTypes.add(key);
    watch(type, tenant);
  }

  /**
   * The broker lost the queue of {@code type} of {@code tenant}, as noticed at {@code noticedAt} (a
   * dispatch to it came back unroutable, or it is missing): declare it again before the next
   * dispatch, and remember when, for {@link #deletion}: whatever was in it then is gone.
   */
  public void forget(String type, String tenant, Instant noticedAt) {
    var key = topology.dispatchKey(type, tenant);
    if (declaredTypes.remove(key)) {
      log.warn(
          "Task queue {} is gone from the broker (deleted?); declaring it again before its next"
              + " dispatch",
          topology.taskQueue(type, tenant));
    }
    watch(type, tenant);
    deletions.merge(key, new Deletion(noticedAt, noticedAt), (a, b) -> a.mergedWith(b.latest()));
  }

  /** The queue's deletion noticed and not yet {@linkplain #deletionHandled handled}. */
  public Optional<Deletion> deletion(TaskQueue queue) {
    return Optional.ofNullable(deletions.get(topology.dispatchKey(queue.type(), queue.tenant())));
  }

  /** Every task QUEUED before {@code deletion} was dispatched again: forget it. */
  public void deletionHandled(TaskQueue queue, Deletion deletion) {
    deletions.remove(topology.dispatchKey(queue.type(), queue.tenant()), deletion);
  }

  /**
   * A task queue deleted, as this orchestrator noticed it: first and last (it may be noticed
   * missing again and again until something is dispatched to it).
   */
  public record Deletion(Instant first, Instant latest) {
    Deletion mergedWith(Instant noticed) {
      return new Deletion(
          first.isBefore(noticed) ? first : noticed, latest.isAfter(noticed) ? latest : noticed);
    }
  }

  /** Adds a task queue to {@link #knownTaskQueues} (one that should hold dispatches). */
  public void watch(String type, String tenant) {
    knownQueues.putIfAbsent(
        topology.dispatchKey(type, tenant),
        new TaskQueue(type, tenant, topology.taskQueue(type, tenant)));
  }

  /** Drops a missing queue that nothing is dispatched to; its next dispatch declares it again. */
  public void unwatch(TaskQueue queue) {
    var key = topology.dispatchKey(queue.type(), queue.tenant());
    if (!declaredTypes.contains(key) && !deletions.containsKey(key)) {
      knownQueues.remove(key);
    }
  }

  /** Every task queue this orchestrator declared since it started. */
  public List<TaskQueue> knownTaskQueues() {
    return List.copyOf(knownQueues.values());
  }

  /** A task queue: of a type, shared (tenant null) or of one tenant. */
  public record TaskQueue(String type, String tenant, String queue) {}

  /**
   * The broker's reason when {@code failure} is its refusal of one operation on a channel
   * (PRECONDITION_FAILED for a queue declared with other arguments, ACCESS_REFUSED, NOT_FOUND…),
   * which concerns that queue alone; empty for anything else, such as a lost connection.
   */
  public static Optional<String> refusal(Throwable failure) {
    for (var t = failure; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal && !signal.isHardError()) {
        return Optional.of(
            signal.getReason() instanceof AMQP.Channel.Close close
                ? close.getReplyText()
                : String.valueOf(signal.getMessage()));
      }
    }
    return Optional.empty();
  }

  public BrokerFlavor flavor() {
    return flavor;
  }

  public Topology names() {
    return topology;
  }
}
