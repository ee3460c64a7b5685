package dev.baton.worker;

import com.rabbitmq.client.ConnectionFactory;
import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A worker's configuration, defaults resolved. {@code handlers} keeps registration order. See
 * {@link BatonWorker.Builder} for what each setting means.
 */
record WorkerSettings(
    ConnectionFactory connectionFactory,
    Topology topology,
    String workerId,
    int concurrency,
    Duration heartbeatInterval,
    Map<String, TaskHandler> handlers,
    Clock clock,
    QueueType queueType,
    String tenant,
    Duration deliveryHoldLimit,
    int prefetch,
    Duration runningAfter,
    int resultBatchSize,
    Duration resultLinger) {}
