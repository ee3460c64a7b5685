package dev.baton.orchestrator.dashboard;

import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.registry.TaskDefinition;
import dev.baton.protocol.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.stereotype.Component;

/**
 * The depth of every known task type's queue: the types of the definition registry and of the
 * stored tasks, at most {@link #MAX_TYPES}. Each queue is asked with a passive declare (what {@link
 * RabbitAdmin#getQueueInfo} does), which RabbitMQ and the embedded broker both answer and which
 * never creates a queue. The first broker failure ends the round: the remaining types are reported
 * unavailable rather than waiting for a connection timeout each.
 */
@Component
class QueueDepths {

  static final int MAX_TYPES = 200;
  private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

  private final DefinitionRegistry registry;
  private final TaskTypes taskTypes;
  private final Topology topology;
  private final RabbitAdmin admin;

  QueueDepths(
      DefinitionRegistry registry,
      TaskTypes taskTypes,
      Topology topology,
      ConnectionFactory connectionFactory) {
    this.registry = registry;
    this.taskTypes = taskTypes;
    this.topology = topology;
    // Not a bean: a RabbitAdmin bean would declare every Queue bean of the context on connect.
    this.admin = new RabbitAdmin(connectionFactory);
  }

  /** Types in name order. */
  List<String> types() {
    var types = new TreeSet<String>(taskTypes.distinct(MAX_TYPES));
    registry.latestOfEach().stream().map(TaskDefinition::type).forEach(types::add);
    return types.stream().limit(MAX_TYPES).toList();
  }

  List<QueueDepth> all() {
    var result = new ArrayList<QueueDepth>();
    boolean available = true;
    for (var type : types()) {
      var queue = topology.taskQueue(type);
      if (!available) {
        result.add(QueueDepth.unavailable(type, queue));
        continue;
      }
      try {
        var info = admin.getQueueInfo(queue);
        result.add(
            info == null
                ? QueueDepth.absent(type, queue)
                : QueueDepth.of(type, queue, info.getMessageCount(), info.getConsumerCount()));
      } catch (AmqpException e) {
        log.debug("Queue depths: the broker did not answer ({})", e.toString());
        available = false;
        result.add(QueueDepth.unavailable(type, queue));
      }
    }
    return result;
  }
}
