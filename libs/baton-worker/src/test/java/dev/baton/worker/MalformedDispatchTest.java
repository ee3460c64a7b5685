package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.baton.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MalformedDispatchTest {

  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final UUID TASK = UUID.fromString("3f2b8c1e-0d4a-4e8b-9a51-7c6d2e1f0a9b");

  @Test
  void attemptIsReadFromTheMessageIdFirst() {
    var props = new AMQP.BasicProperties.Builder().messageId(TASK + ":3").build();

    var found = MalformedDispatch.identify(props, bytes("{\"taskId\":\"x\",\"attempt\":9}"), CODEC);

    assertThat(found).contains(new MalformedDispatch(TASK, 3));
  }

  @Test
  void attemptIsReadLenientlyFromTheJsonWithoutAMessageId() {
    var body = "{\"v\":7,\"taskId\":\"" + TASK + "\",\"attempt\":2,\"tags\":\"not-a-map\"}";

    var found = MalformedDispatch.identify(new AMQP.BasicProperties(), bytes(body), CODEC);

    assertThat(found).contains(new MalformedDispatch(TASK, 2));
  }

  @Test
  void nothingIsToldFromGarbageOrMissingOrInvalidFields() {
    var none = new AMQP.BasicProperties();
    assertThat(MalformedDispatch.identify(none, bytes("not json {"), CODEC)).isEmpty();
    assertThat(MalformedDispatch.identify(none, bytes("[1,2]"), CODEC)).isEmpty();
    assertThat(MalformedDispatch.identify(none, bytes("{\"taskId\":\"" + TASK + "\"}"), CODEC))
        .isEmpty();
    assertThat(
            MalformedDispatch.identify(none, bytes("{\"taskId\":\"nope\",\"attempt\":1}"), CODEC))
        .isEmpty();
    assertThat(MalformedDispatch.parse(TASK + ":0")).isNull();
    assertThat(MalformedDispatch.parse(TASK + ":x")).isNull();
    assertThat(MalformedDispatch.parse("no-colon")).isNull();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
