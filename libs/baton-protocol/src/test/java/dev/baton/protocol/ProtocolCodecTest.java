package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

  private final ProtocolCodec codec = new ProtocolCodec();
  private final UUID taskId = UUID.fromString("7b0c1c3e-1f6e-4f59-9a51-8a2f1d3c4b5a");

  @Test
  void dispatchRoundTripsWithIsoInstantsAndVersionField() {
    var dispatch =
        new TaskDispatch(
            1,
            taskId,
            "echo",
            null,
            2,
            codec.readTree("{\"a\":1}"),
            7,
            30,
            Instant.parse("2026-01-01T00:00:00Z"),
            Map.of("k", "v"));

    var json = new String(codec.encode(dispatch), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"v\":1")
        .contains("\"deadline\":\"2026-01-01T00:00:00Z\"")
        .doesNotContain("\"version\"")
        .doesNotContain("messageId");
    assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8), TaskDispatch.class))
        .isEqualTo(dispatch);
    assertThat(dispatch.messageId()).isEqualTo(taskId + ":2");
  }

  @Test
  void unknownFieldsAreIgnored() {
    var body =
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w1\",\"status\":\"RUNNING\",\"future\":true}"
            .formatted(taskId);

    var event = codec.decodeEvent("task.status", bytes(body));

    assertThat(event).isInstanceOf(TaskStatusEvent.class);
    assertThat(((TaskStatusEvent) event).status()).isEqualTo(TaskStatusEvent.Status.RUNNING);
  }

  @Test
  void redeliveredFlagRoundTripsAndIsLeftOutWhenFalse() {
    var id = UUID.randomUUID();
    var first = TaskStatusEvent.of(id, 1, "w1", TaskStatusEvent.Status.ASSIGNED, Instant.EPOCH);
    assertThat(new String(codec.encode(first), StandardCharsets.UTF_8))
        .doesNotContain("redelivered");
    var again = TaskResultEvent.completed(id, 1, "w2", null, Instant.EPOCH).with(null, true);
    var decoded = codec.decodeEvent("task.result", codec.encode(again));
    assertThat(decoded).isInstanceOf(TaskResultEvent.class);
    assertThat(((TaskResultEvent) decoded).redelivered()).isTrue();
    var v1Body =
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w1\",\"status\":\"RUNNING\"}"
            .formatted(id);
    assertThat(((TaskStatusEvent) codec.decodeEvent("task.status", bytes(v1Body))).redelivered())
        .isFalse();
  }

  @Test
  void nulInAnErrorMessageBecomesAReplacementCharacterSoTheEventCanBeStored() {
    var body =
        ("{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w\\u0000\",\"outcome\":\"FAILED\","
                + "\"error\":{\"message\":\"bad\\u0000byte\",\"type\":\"X\"}}")
            .formatted(UUID.randomUUID());

    var event = (TaskResultEvent) codec.decodeEvent("task.result", bytes(body));

    assertThat(event.error().message()).isEqualTo("bad\uFFFDbyte");
    assertThat(event.workerId()).isEqualTo("w\uFFFD");
  }

  @Test
  void resultBatchRoundTripsIntoOneEventPerItemWithTheBatchsWorker() {
    var a = TaskResultEvent.completed(UUID.randomUUID(), 1, "w9", null, Instant.EPOCH);
    var b =
        TaskResultEvent.failed(
                UUID.randomUUID(), 2, "w9", new TaskError("boom", "X", false), Instant.EPOCH)
            .with(Instant.EPOCH.minusMillis(5), true);
    var body = codec.encode(TaskResultBatch.of("w9", List.of(a, b)));

    var decoded = codec.decodeEvents(Topology.KEY_TASK_RESULTS, body);

    assertThat(new String(body, StandardCharsets.UTF_8)).containsOnlyOnce("w9");
    assertThat(decoded.rejected()).isEmpty();
    assertThat(decoded.events())
        .hasSize(2)
        .allMatch(e -> ((TaskResultEvent) e).workerId().equals("w9"));
    var second = (TaskResultEvent) decoded.events().get(1);
    assertThat(second.taskId()).isEqualTo(b.taskId());
    assertThat(second.error().isRetryable()).isFalse();
    assertThat(second.startedAt()).isEqualTo(Instant.EPOCH.minusMillis(5));
    assertThat(second.redelivered()).isTrue();
  }

  @Test
  void badItemOfAResultBatchIsRejectedAloneNamingItsIndexAndField() {
    var good = UUID.randomUUID();
    var body =
        ("{\"v\":1,\"workerId\":\"w1\",\"results\":["
                + "{\"taskId\":\"%s\",\"attempt\":1,\"outcome\":\"COMPLETED\"},"
                + "{\"taskId\":\"%s\",\"attempt\":1},"
                + "42]}")
            .formatted(good, UUID.randomUUID());

    var decoded = codec.decodeEvents(Topology.KEY_TASK_RESULTS, bytes(body));

    assertThat(decoded.events()).hasSize(1);
    assertThat(((TaskResultEvent) decoded.events().get(0)).taskId()).isEqualTo(good);
    assertThat(decoded.rejected()).hasSize(2);
    assertThat(decoded.rejected().get(0).reason()).contains("results[1]").contains("outcome");
    assertThat(new String(decoded.rejected().get(0).item(), StandardCharsets.UTF_8))
        .contains("\"workerId\":\"w1\"");
    assertThat(decoded.rejected().get(1).reason()).contains("results[2] is not an object");
  }

  @Test
  void resultBatchWithoutWorkerOrResultsIsMalformedAsAWhole() {
    assertThatThrownBy(
            () -> codec.decodeEvents(Topology.KEY_TASK_RESULTS, bytes("{\"v\":1,\"results\":[]}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("workerId");
    assertThatThrownBy(
            () ->
                codec.decodeEvents(
                    Topology.KEY_TASK_RESULTS, bytes("{\"v\":1,\"workerId\":\"w\"}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("results");
  }

  @Test
  void resultEventDecodesByRoutingKey() {
    var body =
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w1\",\"outcome\":\"FAILED\",\"error\":{\"message\":\"boom\",\"type\":\"java.lang.IllegalStateException\"}}"
            .formatted(taskId);

    var event = (TaskResultEvent) codec.decodeEvent("task.result", bytes(body));

    assertThat(event.outcome()).isEqualTo(TaskResultEvent.Outcome.FAILED);
    assertThat(event.error().message()).isEqualTo("boom");
    assertThat(event.error().isRetryable()).as("retryable defaults to true").isTrue();
  }

  @Test
  void garbageIsRejectedWithAReadableReason() {
    assertThatThrownBy(() -> codec.decodeEvent("task.result", bytes("not json {")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("Unrecognized token");
    assertThatThrownBy(() -> codec.decodeEvent("task.result", new byte[0]))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void resultNestedDeeperThanTheLimitIsMalformedNamingTheDepth() {
    // The event object is level 1, so a result of depth 63 reaches the default limit of 64.
    assertThat(codec.decodeEvent("task.result", bytes(resultNested(63)))).isNotNull();
    assertThatThrownBy(() -> codec.decodeEvent("task.result", bytes(resultNested(64))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("nesting depth")
        .hasMessageContaining("64");
  }

  @Test
  void stringLongerThanTheLimitIsMalformed() {
    var body =
        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"%s\"}"
            .formatted(taskId, "w".repeat(ProtocolCodec.DEFAULT_MAX_STRING_LENGTH + 1));

    assertThatThrownBy(() -> codec.decodeEvent("worker.heartbeat", bytes(body)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("String value length");
  }

  @Test
  void widerConstraintsReadDeeperMessages() {
    var wide =
        new ProtocolCodec(
            tools.jackson.core.StreamReadConstraints.builder().maxNestingDepth(200).build());

    assertThat(wide.decodeEvent("task.result", bytes(resultNested(150)))).isNotNull();
  }

  private String resultNested(int depth) {
    return "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w1\",\"outcome\":\"COMPLETED\",\"result\":%s}"
        .formatted(taskId, "[".repeat(depth) + "]".repeat(depth));
  }

  @Test
  void missingRequiredFieldsNameTheField() {
    assertThatThrownBy(
            () ->
                codec.decodeEvent(
                    "task.result",
                    bytes("{\"v\":1,\"attempt\":1,\"workerId\":\"w\",\"outcome\":\"COMPLETED\"}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("\"taskId\"");
    assertThatThrownBy(
            () ->
                codec.decodeEvent(
                    "task.status",
                    bytes(
                        "{\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w\",\"status\":\"RUNNING\"}"
                            .formatted(taskId))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("\"v\"");
  }

  @Test
  void valueOfTheWrongShapeNamesItsField() {
    var body =
        "{\"v\":1,\"taskId\":\"%s\",\"type\":\"t\",\"attempt\":1,\"tags\":\"not-a-map\"}"
            .formatted(taskId);
    assertThatThrownBy(() -> codec.decode(bytes(body), TaskDispatch.class))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageStartingWith("tags: ");
  }

  @Test
  void wrongEnumValueIsMalformed() {
    assertThatThrownBy(
            () ->
                codec.decodeEvent(
                    "task.status",
                    bytes(
                        "{\"v\":1,\"taskId\":\"%s\",\"attempt\":1,\"workerId\":\"w\",\"status\":\"DANCING\"}"
                            .formatted(taskId))))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("DANCING");
  }

  @Test
  void unknownRoutingKeyIsMalformed() {
    assertThatThrownBy(() -> codec.decodeEvent("task.weird", bytes("{}")))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("task.weird");
  }

  @Test
  void topologyNamesFollowThePrefix() {
    var t = new Topology("acme");
    assertThat(t.taskQueue("echo")).isEqualTo("acme.tasks.echo");
    assertThat(t.orchestratorEventsQueue()).isEqualTo("acme.orchestrator.events");
    assertThat(t.controlKey("w1")).isEqualTo("worker.w1");
    assertThatThrownBy(() -> t.taskQueue("bad type!")).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
