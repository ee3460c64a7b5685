package dev.baton.bench.sdk;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.baton.bench.cost.BrokerCounters;
import dev.baton.bench.cost.CostMeter;
import dev.baton.bench.process.Broker;
import dev.baton.bench.process.Pause;
import dev.baton.bench.process.Progress;
import dev.baton.bench.process.Worker;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.TaskDispatch;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The worker SDK alone, with no orchestrator: {@code tasks} no-op dispatches ({@code echo}, as the
 * orchestrator publishes them: persistent, JSON, message id and priority) are pre-loaded into
 * {@code <prefix>.tasks.echo}, declared as the orchestrator declares it; a consumer in the
 * orchestrator's place ({@code <prefix>.orchestrator.events}, durable, bound with {@code #}, each
 * event acked) counts the results; then ONE example-worker process with its default settings (as
 * shipped: the example worker's {@code echo} handler returns its input, a no-op) works the queue
 * off.
 *
 * <p>Timed from the first result message to the last result, provided the broker then shows the
 * task queue empty with nothing unacknowledged (every dispatch acked, which the SDK does only once
 * the result's publish is confirmed); tasks/s counts the results after the first message. The JVM's
 * start-up is left out: it is not what the SDK does per task.
 */
public final class SdkBenchmark {

  /** The no-op task type of the example worker. */
  static final String TYPE = "echo";

  private static final int DEFAULT_PRIORITY = 5;
  private static final int TIMEOUT_SECONDS = 300;
  private static final int CONFIRM_BATCH = 1_000;

  private final Broker broker;
  private final BrokerCounters counters;
  private final Path workerJar;
  private final Topology topology;
  private final Path logDir;
  private final ProtocolCodec codec = new ProtocolCodec();

  public SdkBenchmark(
      Broker broker, BrokerCounters counters, Path workerJar, Topology topology, Path logDir) {
    this.broker = broker;
    this.counters = counters;
    this.workerJar = workerJar;
    this.topology = topology;
    this.logDir = logDir;
  }

  public SdkResult run(int tasks) throws Exception {
    var taskQueue = topology.taskQueue(TYPE);
    var workers = new ArrayList<Worker>();
    var meter = CostMeter.of(counters, List::of, () -> workers);
    try (var connection = broker.connect("bench-sdk")) {
      var channel = connection.createChannel();
      declare(channel);
      preload(connection.createChannel(), tasks);
      var counter = new ResultCounter(tasks);
      consumeEvents(connection.createChannel(), counter);
      var before = meter.snapshot();
      long launched = System.nanoTime();
      Progress.say("SDK: %,d dispatches pre-loaded into %s; starting one worker", tasks, taskQueue);
      var name = topology.prefix() + "-w";
      try (var worker =
          Worker.asShipped(workerJar, broker.uri(), topology.prefix(), List.of(name), logDir)
              .get(0)) {
        workers.add(worker);
        Progress.say("  %s", worker.startedLine());
        awaitResults(counter, tasks, channel);
        long lastResult = counter.lastNewResultNanos();
        var acks = awaitAcked(channel, taskQueue);
        long end = acks.equals("late") ? System.nanoTime() : lastResult;
        var cost = meter.since(before);
        workers.clear();
        double seconds = (end - counter.firstResultNanos()) / 1e9;
        int timed = tasks - counter.resultsInFirstMessage();
        if (counter.failed() > 0) {
          Progress.say("  warning: %d results were not COMPLETED", counter.failed());
        }
        return new SdkResult(
            tasks,
            seconds > 0 ? timed / seconds : Double.NaN,
            (end - launched) / 1e9,
            counter.resultMessages(),
            counter.otherMessages(),
            acks,
            cost);
      }
    }
  }

  /** The exchanges and queues the orchestrator would declare, with its arguments. */
  private void declare(com.rabbitmq.client.Channel channel) throws IOException {
    var flavor = BrokerFlavor.RABBITMQ;
    channel.exchangeDeclare(topology.tasksExchange(), BuiltinExchangeType.DIRECT, true);
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(topology.deadLetterQueue(), true, false, false, null);
    channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), "");
    var taskQueue = topology.taskQueue(TYPE);
    channel.queueDeclare(taskQueue, true, false, false, QueueArguments.taskQueue(flavor, topology));
    channel.queueBind(taskQueue, topology.tasksExchange(), topology.dispatchKey(TYPE, null));
    var events = topology.orchestratorEventsQueue();
    channel.queueDeclare(events, true, false, false, QueueArguments.inboundQueue(flavor, topology));
    channel.queueBind(events, topology.eventsExchange(), "#");
  }

  /** Publishes the dispatches, confirmed in batches, before any worker runs. */
  private void preload(com.rabbitmq.client.Channel channel, int tasks) throws Exception {
    long start = System.nanoTime();
    channel.confirmSelect();
    for (int i = 0; i < tasks; i++) {
      var dispatch =
          new TaskDispatch(
              ProtocolVersion.CURRENT,
              UUID.randomUUID(),
              TYPE,
              null,
              1,
              codec.readTree("{\"n\":" + i + "}"),
              DEFAULT_PRIORITY,
              TIMEOUT_SECONDS,
              null,
              Map.of());
      var properties =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding(StandardCharsets.UTF_8.name())
              .deliveryMode(2)
              .messageId(dispatch.messageId())
              .priority(DEFAULT_PRIORITY)
              .build();
      channel.basicPublish(
          topology.tasksExchange(),
          topology.dispatchKey(TYPE, null),
          properties,
          codec.encode(dispatch));
      if ((i + 1) % CONFIRM_BATCH == 0 || i == tasks - 1) {
        channel.waitForConfirmsOrDie(60_000);
      }
    }
    Progress.say(
        "SDK: pre-loaded %,d dispatches in %.1f s", tasks, (System.nanoTime() - start) / 1e9);
    channel.close();
  }

  private void consumeEvents(com.rabbitmq.client.Channel channel, ResultCounter counter)
      throws IOException {
    channel.basicQos(1_000);
    channel.basicConsume(
        topology.orchestratorEventsQueue(),
        false,
        new DefaultConsumer(channel) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
              throws IOException {
            try {
              counter.onEvent(envelope.getRoutingKey(), body);
            } finally {
              getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
          }
        });
  }

  private void awaitResults(ResultCounter counter, int tasks, com.rabbitmq.client.Channel channel)
      throws InterruptedException, IOException {
    long start = System.nanoTime();
    long limitNanos = (long) ((120 + tasks / 20.0) * 1e9);
    while (!counter.awaitAll(5, TimeUnit.SECONDS)) {
      Progress.say(
          "  SDK: %,d/%,d results after %.0f s",
          counter.distinctResults(), tasks, (System.nanoTime() - start) / 1e9);
      if (System.nanoTime() - start > limitNanos) {
        throw new IllegalStateException(
            String.format(
                "SDK benchmark: only %d of %d results; %d dispatches still ready in %s, %d"
                    + " messages dead-lettered (%s); see the worker's log in %s",
                counter.distinctResults(),
                tasks,
                channel.queueDeclarePassive(topology.taskQueue(TYPE)).getMessageCount(),
                topology.taskQueue(TYPE),
                channel.queueDeclarePassive(topology.deadLetterQueue()).getMessageCount(),
                topology.deadLetterQueue(),
                logDir));
      }
    }
  }

  /**
   * Whether the broker shows the task queue empty with nothing unacked: "verified" at the first
   * check after the last result, "late" when only a later one does (a minute at most), "not
   * verified" when only the ready count can be read (no rabbitmqctl).
   */
  private String awaitAcked(com.rabbitmq.client.Channel channel, String queue) throws IOException {
    if (!counters.available()) {
      long ready = channel.queueDeclarePassive(queue).getMessageCount();
      if (ready != 0) {
        throw new IllegalStateException(queue + " still holds " + ready + " dispatches");
      }
      return "not verified";
    }
    long start = System.nanoTime();
    for (int check = 1; ; check++) {
      var depth = counters.depth(queue);
      if (depth.isPresent() && depth.get()[0] == 0 && depth.get()[1] == 0) {
        return check == 1 ? "verified" : "late";
      }
      if (System.nanoTime() - start > 60e9) {
        throw new IllegalStateException(
            queue
                + " not drained a minute after the last result: ready, unacked = "
                + depth.map(d -> List.of(d[0], d[1])).orElse(List.of()));
      }
      Pause.millis(200);
    }
  }
}
