package dev.baton.bench.limit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.baton.bench.baton.RunResult;
import dev.baton.bench.cost.Cost;
import dev.baton.bench.cost.CostMeter;
import dev.baton.bench.process.Broker;
import dev.baton.bench.process.Progress;
import dev.baton.bench.report.Percentiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * What the broker alone can do: per task, a round trip of three persistent messages published with
 * confirms — the dispatch (orchestrator → worker), then a status and a result (worker →
 * orchestrator). The "worker" acks its dispatch only once both of its messages are confirmed, as
 * Baton's worker does. Confirms are asynchronous with a window on both sides: the fastest shape the
 * same guarantees allow, with no database and no logic in between.
 */
public final class BrokerLimit {

  private static final int WINDOW = 2_000;
  private static final byte[] BODY =
      ("{\"v\":1,\"taskId\":\"00000000-0000-0000-0000-000000000000\",\"type\":\"echo\","
              + "\"attempt\":1,\"input\":{\"n\":1}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final int ID_AT = "{\"v\":1,\"taskId\":\"".length();

  private final Broker broker;
  private final String prefix;
  private final CostMeter meter;

  /** One run: tasks/s, and its cost (the broker's messages per task: 3, by construction). */
  public record Run(double tasksPerSecond, Cost cost) {}

  public BrokerLimit(Broker broker, String prefix, CostMeter meter) {
    this.broker = broker;
    this.prefix = prefix;
    this.meter = meter;
  }

  /**
   * The same round trip at a fixed rate for {@code seconds} (the open loop's rate): each dispatch
   * carries the time it was due, and its latency runs from then to the arrival of its second event
   * (the result). What the broker alone costs, and how long it takes, at the load Baton's open loop
   * runs at: below its peak the broker batches less and pays more per message.
   */
  public RunResult openLoop(double tasksPerSecond, int seconds) throws Exception {
    int tasks = (int) Math.max(1, Math.round(tasksPerSecond * seconds));
    var dispatchQueue = prefix + ".limit-open.dispatch";
    var eventsQueue = prefix + ".limit-open.events";
    try (var orchestrator = broker.connect("bench-limit-orchestrator");
        var worker = broker.connect("bench-limit-worker")) {
      var setup = orchestrator.createChannel();
      declareEmpty(setup, dispatchQueue, eventsQueue);
      startWorker(worker, dispatchQueue, eventsQueue);
      var latencies = new long[tasks];
      var firstEventSeen = new ConcurrentHashMap<Integer, Boolean>();
      var results = new CountDownLatch(tasks);
      // Read before the first is due: reading the broker's counters takes a while.
      var before = meter.snapshot();
      long start = System.nanoTime() + 100_000_000L; // a moment to set up before the first is due
      var consumer = orchestrator.createChannel();
      consumer.basicQos(500);
      consumer.basicConsume(
          eventsQueue,
          false,
          new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                throws IOException {
              long now = System.nanoTime();
              getChannel().basicAck(envelope.getDeliveryTag(), false);
              int task = taskNumber(body);
              if (firstEventSeen.remove(task) == null) {
                firstEventSeen.put(task, Boolean.TRUE); // the status; the result follows
              } else {
                // Whole milliseconds, rounded up: a round trip under 1 ms counts as 1 ms.
                latencies[task] = (now - due(start, task, tasksPerSecond) + 999_999) / 1_000_000;
                results.countDown();
              }
            }
          });
      publish(orchestrator, dispatchQueue, tasks, start, tasksPerSecond, BrokerLimit::numbered);
      awaitRoundTrips(
          results,
          1,
          tasks,
          "broker open loop",
          start + (seconds + 600) * 1_000_000_000L,
          "not done 10 minutes after its end");
      double elapsed = (System.nanoTime() - start) / 1e9;
      var cost = meter.since(before);
      setup.queueDelete(dispatchQueue);
      setup.queueDelete(eventsQueue);
      return new RunResult(tasks, tasks / elapsed, Percentiles.of(latencies), cost);
    }
  }

  private static long due(long start, int task, double tasksPerSecond) {
    return start + (long) (task * 1e9 / tasksPerSecond);
  }

  /**
   * Dispatches with confirms in a window, each published when it is due (a lagging publisher still
   * counts from then); at an infinite rate, as fast as the window lets.
   */
  private static void publish(
      Connection connection,
      String queue,
      int tasks,
      long start,
      double tasksPerSecond,
      IntFunction<byte[]> body)
      throws Exception {
    var channel = connection.createChannel();
    var window = new Semaphore(WINDOW);
    var outstanding = new ConcurrentSkipListMap<Long, Boolean>();
    channel.confirmSelect();
    channel.addConfirmListener(confirms(outstanding, seq -> window.release()));
    for (int i = 0; i < tasks; i++) {
      long wait = due(start, i, tasksPerSecond) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      window.acquire();
      outstanding.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
      channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body.apply(i));
    }
  }

  /** {@link #BODY} with the task's number in place of its id: the same size on the wire. */
  private static byte[] numbered(int task) {
    var body = BODY.clone();
    var digits = String.format("%036d", task).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, body, ID_AT, digits.length);
    return body;
  }

  private static int taskNumber(byte[] body) {
    return Integer.parseInt(new String(body, ID_AT, 36, StandardCharsets.US_ASCII));
  }

  /** Round trips of {@code tasks} tasks. */
  public Run run(int tasks) throws Exception {
    var dispatchQueue = prefix + ".limit.dispatch";
    var eventsQueue = prefix + ".limit.events";
    try (var orchestrator = broker.connect("bench-limit-orchestrator");
        var worker = broker.connect("bench-limit-worker")) {
      var setup = orchestrator.createChannel();
      declareEmpty(setup, dispatchQueue, eventsQueue);
      startWorker(worker, dispatchQueue, eventsQueue);
      var events = new CountDownLatch(2 * tasks);
      var consumer = orchestrator.createChannel();
      consumer.basicQos(500);
      consumer.basicConsume(
          eventsQueue,
          false,
          new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                throws IOException {
              getChannel().basicAck(envelope.getDeliveryTag(), false);
              events.countDown();
            }
          });
      var before = meter.snapshot();
      long start = System.nanoTime();
      publish(orchestrator, dispatchQueue, tasks, start, Double.POSITIVE_INFINITY, i -> BODY);
      awaitRoundTrips(
          events, 2, tasks, "broker limit", start + 600_000_000_000L, "not done after 10 minutes");
      double seconds = (System.nanoTime() - start) / 1e9;
      var cost = meter.since(before); // before the queues, and their counters, are deleted
      setup.queueDelete(dispatchQueue);
      setup.queueDelete(eventsQueue);
      return new Run(tasks / seconds, cost);
    }
  }

  /** Durable queues, emptied of whatever an earlier run left in them. */
  private static void declareEmpty(Channel setup, String... queues) throws IOException {
    for (var queue : queues) {
      setup.queueDeclare(queue, true, false, false, null);
      setup.queuePurge(queue);
    }
  }

  /**
   * Waits for {@code latch} ({@code perTask} counts per task), saying how far it got every 5 s.
   *
   * @throws IllegalStateException at {@code deadline} (a {@link System#nanoTime()})
   */
  private static void awaitRoundTrips(
      CountDownLatch latch, int perTask, int tasks, String what, long deadline, String late)
      throws InterruptedException {
    long lastReport = System.nanoTime();
    while (!latch.await(1, TimeUnit.SECONDS)) {
      if (System.nanoTime() - lastReport > 5e9) {
        Progress.say(
            "  %s: %d/%d tasks round-tripped", what, tasks - latch.getCount() / perTask, tasks);
        lastReport = System.nanoTime();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(what + ": " + late);
      }
    }
  }

  /** The worker's side: for each dispatch, a status and a result; the ack after both confirms. */
  private static void startWorker(Connection connection, String dispatchQueue, String eventsQueue)
      throws IOException {
    var consume = connection.createChannel();
    var publish = connection.createChannel();
    consume.basicQos(WINDOW / 2);
    publish.confirmSelect();
    // result publish sequence number → the dispatch's delivery tag, acked once it is confirmed
    var pending = new ConcurrentSkipListMap<Long, Long>();
    var failures = new AtomicLong();
    publish.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long seq, boolean multiple) {
            var done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
            done.values().forEach(tag -> ack(consume, tag));
            done.clear();
          }

          @Override
          public void handleNack(long seq, boolean multiple) {
            failures.incrementAndGet();
          }
        });
    consume.basicConsume(
        dispatchQueue,
        false,
        new DefaultConsumer(consume) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
              throws IOException {
            publish.basicPublish("", eventsQueue, MessageProperties.PERSISTENT_BASIC, body);
            pending.put(publish.getNextPublishSeqNo(), envelope.getDeliveryTag());
            publish.basicPublish("", eventsQueue, MessageProperties.PERSISTENT_BASIC, body);
          }
        });
  }

  private static ConfirmListener confirms(
      ConcurrentNavigableMap<Long, Boolean> outstanding, LongConsumer released) {
    return new ConfirmListener() {
      @Override
      public void handleAck(long seq, boolean multiple) {
        settle(seq, multiple);
      }

      @Override
      public void handleNack(long seq, boolean multiple) {
        settle(seq, multiple); // counted as done: a nack is the broker's answer too
      }

      private void settle(long seq, boolean multiple) {
        var done =
            multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
        for (var s : done.keySet()) {
          if (done.remove(s) != null) {
            released.accept(s);
          }
        }
      }
    };
  }

  private static void ack(Channel channel, long tag) {
    try {
      channel.basicAck(tag, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
