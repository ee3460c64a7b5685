package dev.baton.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import dev.baton.protocol.MalformedMessageException;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.TaskDispatch;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives dispatches on the AMQP client's thread and does only what is quick and never blocks:
 * decode, recognise duplicates, hand the attempt to the task threads.
 */
final class DispatchReceiver {

  private static final Logger log = LoggerFactory.getLogger(DispatchReceiver.class);

  private final ProtocolCodec codec;
  private final String workerId;
  private final Clock clock;
  private final AttemptRegistry registry;
  private final AttemptRunner runner;
  private final EventPublisher events;
  private final Lifecycle lifecycle;
  private final WorkerStats stats;
  private final Executor taskThreads;

  DispatchReceiver(
      ProtocolCodec codec,
      String workerId,
      Clock clock,
      AttemptRegistry registry,
      AttemptRunner runner,
      EventPublisher events,
      Lifecycle lifecycle,
      WorkerStats stats,
      Executor taskThreads) {
    this.codec = codec;
    this.workerId = workerId;
    this.clock = clock;
    this.registry = registry;
    this.runner = runner;
    this.events = events;
    this.lifecycle = lifecycle;
    this.stats = stats;
    this.taskThreads = taskThreads;
  }

  void onDelivery(
      String queue,
      Channel channel,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body) {
    var delivery = new DeliveryRef(channel, envelope.getDeliveryTag(), queue);
    if (lifecycle.isStopping()) {
      delivery.requeue();
      return;
    }
    TaskDispatch dispatch;
    try {
      dispatch = codec.decode(body, TaskDispatch.class);
    } catch (MalformedMessageException e) {
      var attempt = MalformedDispatch.identify(properties, body, codec);
      submit(
          () -> runner.rejectMalformed(delivery, properties, body, e.getMessage(), attempt),
          delivery);
      return;
    }
    var attempt = new Attempt(dispatch, workerId, codec, events, clock, envelope.isRedeliver());
    var admission = registry.admit(attempt, delivery);
    switch (admission.verdict()) {
      case RUN -> {
        if (!submit(() -> runner.run(attempt), null)) {
          registry.release(attempt, false).requeue();
        }
      }
      case DUPLICATE_OF_RUNNING, DUPLICATE_OF_FINISHED -> {
        admission.toAck().ack();
        stats.duplicate();
        log.info(
            "acked a duplicate dispatch of {} ({} here)",
            dispatch.messageId(),
            admission.verdict() == AttemptRegistry.Verdict.DUPLICATE_OF_RUNNING
                ? "running"
                : "already finished");
      }
    }
  }

  private boolean submit(Runnable work, DeliveryRef requeueIfRejected) {
    try {
      taskThreads.execute(
          () -> {
            try {
              work.run();
            } catch (RuntimeException e) {
              log.error("unexpected failure on a task thread", e);
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      // The worker is stopping: leave the message to the broker.
      if (requeueIfRejected != null) {
        requeueIfRejected.requeue();
      }
      return false;
    }
  }
}
