package dev.baton.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import dev.baton.protocol.BrokerFlavor;
import dev.baton.protocol.QueueArguments;
import dev.baton.protocol.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedAmqpBrokerTest {

  private static EmbeddedAmqpBroker broker;

  private Connection connection;
  private Channel channel;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedAmqpBroker.start(0);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void connect() throws Exception {
    var factory = new ConnectionFactory();
    factory.setUri(broker.amqpUri());
    connection = factory.newConnection("embedded-broker-test");
    channel = connection.createChannel();
  }

  @AfterEach
  void disconnect() throws Exception {
    if (connection.isOpen()) {
      connection.close();
    }
  }

  @Test
  void startedOnZeroListensOnTheChosenLoopbackPort() {
    assertThat(broker.port()).isPositive();
    assertThat(broker.amqpUri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + broker.port());
    assertThat(AmqpProbe.answers("127.0.0.1", broker.port(), Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void connectionServerPropertiesIdentifyQpid() {
    assertThat(BrokerFlavor.fromServerProperties(connection.getServerProperties()))
        .isEqualTo(BrokerFlavor.QPID);
  }

  @Test
  void publishedPersistentMessageIsConsumedWithManualAck() throws Exception {
    var queue = uniqueName("work");
    channel.queueDeclare(queue, true, false, false, null);
    channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("hello"));

    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    channel.basicQos(1);
    channel.basicConsume(queue, false, (tag, delivery) -> deliveries.add(delivery), tag -> {});
    var delivery = deliveries.poll(10, TimeUnit.SECONDS);

    assertThat(delivery).isNotNull();
    assertThat(new String(delivery.getBody(), UTF_8)).isEqualTo("hello");
    assertThat(delivery.getProperties().getDeliveryMode()).isEqualTo(2);
    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 0);
    assertThat(deliveries).isEmpty();
  }

  @Test
  void unackedMessageIsRedeliveredAfterTheConsumerGoesAway() throws Exception {
    var queue = uniqueName("redeliver");
    channel.queueDeclare(queue, true, false, false, null);
    channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("again"));
    var first = connection.createChannel();
    var firstDelivery = awaitGet(first, queue, false);
    assertThat(firstDelivery.getEnvelope().isRedeliver()).isFalse();

    first.close(); // without ack

    var second = awaitGet(channel, queue);
    assertThat(second.getEnvelope().isRedeliver()).isTrue();
    assertThat(new String(second.getBody(), UTF_8)).isEqualTo("again");
  }

  @Test
  void publisherConfirmsAreDelivered() throws Exception {
    var queue = uniqueName("confirms");
    channel.queueDeclare(queue, true, false, false, null);
    channel.confirmSelect();
    var acked = new AtomicInteger();
    var nacked = new AtomicInteger();
    channel.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long deliveryTag, boolean multiple) {
            acked.incrementAndGet();
          }

          @Override
          public void handleNack(long deliveryTag, boolean multiple) {
            nacked.incrementAndGet();
          }
        });

    for (int i = 0; i < 100; i++) {
      channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("m" + i));
    }

    channel.waitForConfirmsOrDie(10_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> acked.get() > 0);
    assertThat(nacked).hasValue(0);
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(100);
  }

  @Test
  void priorityQueueDeliversHigherPriorityFirst() throws Exception {
    var topology = new Topology(uniqueName("prio"));
    var queue = topology.taskQueue("resize");
    channel.queueDeclare(
        queue, true, false, false, QueueArguments.taskQueue(BrokerFlavor.QPID, topology));
    for (int priority : new int[] {1, 9, 0, 5}) {
      var props = new AMQP.BasicProperties.Builder().deliveryMode(2).priority(priority).build();
      channel.basicPublish("", queue, props, bytes("p" + priority));
    }

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(new String(awaitGet(channel, queue).getBody(), UTF_8));
    }

    assertThat(order).containsExactly("p9", "p5", "p1", "p0");
  }

  @Test
  void unknownRabbitArgumentsAreAccepted() throws Exception {
    var topology = new Topology(uniqueName("rabbit-args"));
    var queue = topology.taskQueue("resize");

    channel.queueDeclare(
        queue, true, false, false, QueueArguments.taskQueue(BrokerFlavor.RABBITMQ, topology));
    channel.queueDeclare(
        uniqueName("more-args"),
        true,
        false,
        false,
        Map.of("x-queue-type", "classic", "x-message-ttl", 60_000, "x-max-length", 10));
    channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("still here"));

    assertThat(connection.isOpen()).isTrue();
    assertThat(channel.isOpen()).isTrue();
    assertThat(new String(awaitGet(channel, queue).getBody(), UTF_8)).isEqualTo("still here");
  }

  @Test
  void startingOnATakenPortFailsWithTheReasonAndLeavesNothingBehind() throws Exception {
    var workDirsBefore = brokerWorkDirs();

    assertThatThrownBy(() -> EmbeddedAmqpBroker.start(broker.port()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + broker.port())
        .hasMessageContaining("in use");

    assertThat(brokerWorkDirs()).isEqualTo(workDirsBefore);
  }

  @Test
  void portTakenWithoutAListenerFailsTheStartAndLeavesNothingBehind() throws Exception {
    var workDirsBefore = brokerWorkDirs();
    // Bound but not listening: the probe sees nothing, so Qpid's own bind has to fail.
    try (var blocker = new Socket()) {
      blocker.bind(new InetSocketAddress("127.0.0.1", 0));

      assertThatThrownBy(() -> EmbeddedAmqpBroker.start(blocker.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + blocker.getLocalPort());
    }

    assertThat(brokerWorkDirs()).isEqualTo(workDirsBefore);
  }

  @Test
  void portOutsideTheTcpRangeIsRefused() {
    assertThatThrownBy(() -> EmbeddedAmqpBroker.start(70_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeStopsListeningAndDeletesTheWorkDirectory() {
    var other = EmbeddedAmqpBroker.start(0);
    var workDir = other.workDir();
    assertThat(workDir).isDirectory();

    other.close();
    other.close(); // idempotent

    assertThat(workDir).doesNotExist();
    assertThat(AmqpProbe.answers("127.0.0.1", other.port(), Duration.ofMillis(500))).isFalse();
  }

  private static Delivery awaitGet(Channel channel, String queue) {
    return awaitGet(channel, queue, true);
  }

  private static Delivery awaitGet(Channel channel, String queue, boolean autoAck) {
    var holder = new Delivery[1];
    await()
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              var response = channel.basicGet(queue, autoAck);
              if (response == null) {
                return false;
              }
              holder[0] =
                  new Delivery(response.getEnvelope(), response.getProps(), response.getBody());
              return true;
            });
    return holder[0];
  }

  private static Set<Path> brokerWorkDirs() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("baton-qpid-"))
          .collect(Collectors.toSet());
    }
  }

  private static String uniqueName(String what) {
    return "test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
