package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ReturnCallback;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ConfirmingPublisherTest {

  private final Channel channel = mock(Channel.class);
  private final AtomicLong nextSeq = new AtomicLong(1);
  private final AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().build();
  private ConfirmingPublisher publisher;
  private ConfirmCallback ack;
  private ConfirmCallback nack;
  private ReturnCallback returns;
  private ShutdownListener shutdown;

  @BeforeEach
  void setUp() throws IOException {
    when(channel.getNextPublishSeqNo()).thenAnswer(invocation -> nextSeq.get());
    doAnswer(invocation -> nextSeq.incrementAndGet())
        .when(channel)
        .basicPublish(anyString(), anyString(), anyBoolean(), any(), any());
    publisher = new ConfirmingPublisher(channel);
    verify(channel).confirmSelect();
    var acks = ArgumentCaptor.forClass(ConfirmCallback.class);
    var nacks = ArgumentCaptor.forClass(ConfirmCallback.class);
    verify(channel).addConfirmListener(acks.capture(), nacks.capture());
    ack = acks.getValue();
    nack = nacks.getValue();
    var returnCaptor = ArgumentCaptor.forClass(ReturnCallback.class);
    verify(channel).addReturnListener(returnCaptor.capture());
    returns = returnCaptor.getValue();
    var shutdownCaptor = ArgumentCaptor.forClass(ShutdownListener.class);
    verify(channel).addShutdownListener(shutdownCaptor.capture());
    shutdown = shutdownCaptor.getValue();
  }

  private CompletableFuture<Void> publish(boolean mandatory) {
    return publisher.publish("x", "k", mandatory, props, new byte[] {1});
  }

  @Test
  void ackCompletesOnlyItsOwnPublish() throws IOException {
    var first = publish(false);
    var second = publish(false);

    ack.handle(2, false);

    assertThat(first).isNotDone();
    assertThat(second).isCompleted();
    assertThat(publisher.outstandingCount()).isEqualTo(1);
  }

  @Test
  void multipleAckCompletesEveryPublishUpToItsSequenceNumber() throws IOException {
    var first = publish(false);
    var second = publish(false);
    var third = publish(false);

    ack.handle(2, true);

    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(third).isNotDone();
  }

  @Test
  void nackFailsThePublish() throws IOException {
    var first = publish(false);
    var second = publish(false);

    nack.handle(2, true);

    assertThat(first).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
  }

  @Test
  void returnedMandatoryPublishFailsWhenItsAckArrives() throws IOException {
    var returned = publish(true);
    var routed = publish(true);
    var sent = ArgumentCaptor.forClass(AMQP.BasicProperties.class);
    verify(channel, times(2)).basicPublish(eq("x"), eq("k"), eq(true), sent.capture(), any());
    var headers = new HashMap<>(sent.getAllValues().get(0).getHeaders());
    assertThat(headers).containsEntry(ConfirmingPublisher.SEQUENCE_HEADER, 1L);

    returns.handle(
        new Return(
            312, "NO_ROUTE", "x", "k", props.builder().headers(headers).build(), new byte[] {1}));
    ack.handle(2, true);

    assertThat(returned).isCompletedExceptionally();
    assertThat(routed).isCompleted();
  }

  @Test
  void shutdownFailsEverythingOutstanding() {
    var first = publish(false);
    var second = publish(true);

    shutdown.shutdownCompleted(new ShutdownSignalException(true, false, null, channel));

    assertThat(first).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
    assertThat(publisher.outstandingCount()).isZero();
  }

  @Test
  void publishThatThrowsFailsAtOnce() throws IOException {
    doThrow(new IOException("socket gone"))
        .when(channel)
        .basicPublish(anyString(), anyString(), anyBoolean(), any(), any());

    var future = publish(false);

    assertThat(future).isCompletedExceptionally();
    assertThat(publisher.outstandingCount()).isZero();
  }

  @Test
  void publishOnAChannelNotInConfirmModeFailsAtOnce() {
    nextSeq.set(0);

    assertThat(publish(false)).isCompletedExceptionally();
  }
}
