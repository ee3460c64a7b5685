package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes on one channel in confirm mode and completes a future per publish when the broker
 * confirms it, without ever waiting synchronously: many threads publish, the broker's acks
 * (possibly {@code multiple}) complete their futures on the connection's thread.
 *
 * <p>A future fails when the broker nacks the message, returns it as unroutable (mandatory
 * publishes only), or the channel shuts down or starts recovering before the confirm arrived: the
 * sequence numbers of the recovered channel start again at 1, so nothing outstanding can be
 * confirmed any more. Callers that need the message delivered publish it again.
 */
final class ConfirmingPublisher {

  /** Carries the sequence number of a mandatory publish, so a return finds its future. */
  static final String SEQUENCE_HEADER = "x-baton-publish-seq";

  private final Channel channel;
  private final Object publishLock = new Object();
  private final ConcurrentSkipListMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();

  ConfirmingPublisher(Channel channel) throws IOException {
    this.channel = channel;
    channel.confirmSelect();
    channel.addConfirmListener(
        (seq, multiple) -> settle(seq, multiple, null),
        (seq, multiple) -> settle(seq, multiple, "the broker nacked the message"));
    channel.addReturnListener(this::returned);
    channel.addShutdownListener(this::shutdown);
    if (channel instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
              failAll("the channel is recovering");
            }

            @Override
            public void handleRecovery(Recoverable recoverable) {}
          });
    }
  }

  /**
   * Publishes a message; the future completes when the broker confirms it and fails if it does not.
   * Never blocks for the confirm.
   */
  CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      boolean mandatory,
      AMQP.BasicProperties properties,
      byte[] body) {
    var pending = new Pending();
    synchronized (publishLock) {
      long seq = channel.getNextPublishSeqNo();
      if (seq == 0) {
        // A channel being recovered has not re-entered confirm mode yet.
        pending.fail("the channel is not in confirm mode (recovering)", null);
        return pending.future;
      }
      outstanding.put(seq, pending);
      try {
        var props = mandatory ? withSequence(properties, seq) : properties;
        channel.basicPublish(exchange, routingKey, mandatory, props, body);
      } catch (IOException | RuntimeException e) {
        outstanding.remove(seq);
        pending.fail("publish failed: " + e.getMessage(), e);
      }
    }
    return pending.future;
  }

  /** Publishes whose confirm has not arrived yet. */
  int outstandingCount() {
    return outstanding.size();
  }

  private void settle(long seq, boolean multiple, String nackReason) {
    if (multiple) {
      var confirmed = outstanding.headMap(seq, true);
      confirmed.values().forEach(pending -> pending.settle(nackReason));
      confirmed.clear();
    } else {
      var pending = outstanding.remove(seq);
      if (pending != null) {
        pending.settle(nackReason);
      }
    }
  }

  // The broker sends basic.return before the basic.ack of the same message, on the same thread.
  private void returned(Return returned) {
    var headers = returned.getProperties().getHeaders();
    var seq = headers == null ? null : headers.get(SEQUENCE_HEADER);
    var pending = seq instanceof Number n ? outstanding.get(n.longValue()) : null;
    if (pending != null) {
      pending.returnedReason =
          "unroutable: "
              + returned.getReplyText()
              + " (exchange '"
              + returned.getExchange()
              + "', routing key '"
              + returned.getRoutingKey()
              + "')";
    }
  }

  private void shutdown(ShutdownSignalException cause) {
    failAll("the channel shut down: " + cause.getMessage());
  }

  private void failAll(String reason) {
    // Drains without the publish lock: the client may call this while a publish waits in it.
    for (var entry = outstanding.pollFirstEntry();
        entry != null;
        entry = outstanding.pollFirstEntry()) {
      entry.getValue().fail(reason, null);
    }
  }

  private static AMQP.BasicProperties withSequence(AMQP.BasicProperties properties, long seq) {
    var headers =
        properties.getHeaders() == null
            ? new HashMap<String, Object>()
            : new HashMap<>(properties.getHeaders());
    headers.put(SEQUENCE_HEADER, seq);
    return properties.builder().headers(headers).build();
  }

  private static final class Pending {
    final CompletableFuture<Void> future = new CompletableFuture<>();
    volatile String returnedReason;

    void settle(String nackReason) {
      if (nackReason != null) {
        fail(nackReason, null);
      } else if (returnedReason != null) {
        fail(returnedReason, null);
      } else {
        future.complete(null);
      }
    }

    void fail(String reason, Throwable cause) {
      future.completeExceptionally(new PublishNotConfirmedException(reason, cause));
    }
  }
}
