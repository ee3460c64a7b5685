package dev.baton.bench.baton;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A producer of AMQP submissions ({@code <prefix>.submissions}, persistent, with publisher
 * confirms, asynchronous with a window, so the producer is never the bottleneck).
 */
final class AmqpSubmitter implements AutoCloseable {

  private static final AMQP.BasicProperties PERSISTENT_JSON =
      new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();

  private final Channel channel;
  private final String queue;
  private final Semaphore window;
  private final int windowSize;
  private final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();

  AmqpSubmitter(Connection connection, String queue, int windowSize) throws IOException {
    this.channel = connection.createChannel();
    this.queue = queue;
    this.windowSize = windowSize;
    this.window = new Semaphore(windowSize);
    channel.confirmSelect();
    channel.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long seq, boolean multiple) {
            settle(seq, multiple);
          }

          @Override
          public void handleNack(long seq, boolean multiple) {
            settle(seq, multiple); // the task is then never completed; the run reports it
          }
        });
  }

  private void settle(long seq, boolean multiple) {
    var done = multiple ? outstanding.headSet(seq, true) : outstanding.subSet(seq, true, seq, true);
    for (var s : done) {
      if (outstanding.remove(s)) {
        window.release();
      }
    }
  }

  void submit(String json) throws IOException, InterruptedException {
    window.acquire();
    outstanding.add(channel.getNextPublishSeqNo());
    channel.basicPublish("", queue, PERSISTENT_JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until the broker has confirmed every submission. */
  void awaitConfirms() throws InterruptedException {
    if (!window.tryAcquire(windowSize, 10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("submissions not confirmed after 10 minutes");
    }
    window.release(windowSize);
  }

  @Override
  public void close() throws Exception {
    if (channel.isOpen()) {
      channel.close();
    }
  }
}
