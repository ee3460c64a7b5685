package dev.baton.example;

import dev.baton.protocol.ProtocolCodec;
import dev.baton.worker.TaskContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A {@link TaskContext} for calling handlers directly. */
record FakeContext(String type, JsonNode input) implements TaskContext {

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  static FakeContext of(String type, String inputJson) {
    return new FakeContext(type, CODEC.readTree(inputJson));
  }

  @Override
  public UUID taskId() {
    return UUID.nameUUIDFromBytes(type.getBytes());
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public <T> T inputAs(Class<T> target) {
    return CODEC.treeToValue(input, target);
  }

  @Override
  public Map<String, String> tags() {
    return Map.of();
  }

  @Override
  public Instant deadline() {
    return null;
  }

  @Override
  public void progress(int percent, String message) {}

  @Override
  public boolean isCancelled() {
    return false;
  }
}
