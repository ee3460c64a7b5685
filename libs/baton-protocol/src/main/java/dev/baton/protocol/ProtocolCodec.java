package dev.baton.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes protocol messages as JSON. Unknown fields are ignored (the protocol only ever
 * adds fields); a body that is not JSON, or not a valid message, raises {@link
 * MalformedMessageException} with a message that says what is wrong.
 *
 * <p>Reading is bounded ({@link StreamReadConstraints}): JSON nested deeper, or with a longer
 * string or number, than the constraints allow is malformed, so a hostile message costs little to
 * refuse.
 *
 * <p>Thread-safe; one instance can serve a whole process.
 */
public final class ProtocolCodec {

  /** Nesting depth allowed by default: deeper than any sane task input, shallow enough to parse. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 64;

  /** Longest string allowed by default (in chars): 1 MiB, the default size limit of a message. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 1024 * 1024;

  /**
   * The read limits of {@link #ProtocolCodec()}: depth {@value #DEFAULT_MAX_NESTING_DEPTH}, strings
   * of {@value #DEFAULT_MAX_STRING_LENGTH} chars, Jackson's defaults for the rest.
   */
  public static final StreamReadConstraints DEFAULT_READ_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(DEFAULT_MAX_NESTING_DEPTH)
          .maxStringLength(DEFAULT_MAX_STRING_LENGTH)
          .build();

  private final JsonMapper mapper;

  /** A codec with the {@link #DEFAULT_READ_CONSTRAINTS}. */
  public ProtocolCodec() {
    this(DEFAULT_READ_CONSTRAINTS);
  }

  /**
   * A codec that reads within {@code readConstraints}. A process that accepts larger or deeper
   * messages than the defaults (an orchestrator configured so) must read them with limits at least
   * as wide, or it could not read back what it accepted.
   */
  public ProtocolCodec(StreamReadConstraints readConstraints) {
    var factory = JsonFactory.builder().streamReadConstraints(readConstraints).build();
    this.mapper =
        JsonMapper.builder(factory)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // An absent "v" or "attempt" becomes 0, which the records reject naming the field.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .changeDefaultPropertyInclusion(
                incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
  }

  /** The mapper behind this codec, configured for the protocol. */
  public JsonMapper mapper() {
    return mapper;
  }

  public byte[] encode(Object message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("cannot encode " + message.getClass().getName(), e);
    }
  }

  public <T> T decode(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new MalformedMessageException("empty message body, expected a JSON object");
    }
    try {
      var value = mapper.readValue(body, type);
      if (value == null) {
        throw new MalformedMessageException("message body is JSON null, expected an object");
      }
      return value;
    } catch (JacksonException e) {
      throw new MalformedMessageException(describe(e), e);
    }
  }

  /**
   * Decodes an event from the events exchange by its routing key.
   *
   * @throws MalformedMessageException for an unknown key or an invalid body
   */
  public WorkerEvent decodeEvent(String routingKey, byte[] body) {
    if (routingKey == null) {
      throw new MalformedMessageException("event without a routing key");
    }
    return switch (routingKey) {
      case Topology.KEY_TASK_STATUS -> decode(body, TaskStatusEvent.class);
      case Topology.KEY_TASK_RESULT -> decode(body, TaskResultEvent.class);
      case Topology.KEY_WORKER_HEARTBEAT -> decode(body, WorkerHeartbeat.class);
      default ->
          throw new MalformedMessageException(
              "unknown event routing key '"
                  + routingKey
                  + "', expected task.status, task.result, task.results or worker.heartbeat");
    };
  }

  /**
   * Decodes a message of the events exchange by its routing key into the events it carries: one, or
   * the items of a {@link TaskResultBatch} ({@value Topology#KEY_TASK_RESULTS}) as {@link
   * TaskResultEvent}s. A batch item that does not decode is returned as rejected, with the reason;
   * its neighbours decode on their own.
   *
   * @throws MalformedMessageException for an unknown key, an invalid body, or a batch whose
   *     envelope ({@code v}, {@code workerId}, {@code results}) is invalid
   */
  public DecodedEvents decodeEvents(String routingKey, byte[] body) {
    if (!Topology.KEY_TASK_RESULTS.equals(routingKey)) {
      return DecodedEvents.of(decodeEvent(routingKey, body));
    }
    if (body == null || body.length == 0) {
      throw new MalformedMessageException("empty message body, expected a JSON object");
    }
    JsonNode batch;
    try {
      batch = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedMessageException(describe(e), e);
    }
    if (batch == null || !batch.isObject()) {
      throw new MalformedMessageException("task.results: expected a JSON object");
    }
    TaskResultBatch envelope;
    try {
      envelope = new TaskResultBatch(batch.path("v").asInt(0), text(batch.get("workerId")), null);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage(), e);
    }
    var results = batch.get("results");
    if (results == null || !results.isArray()) {
      throw new MalformedMessageException("task.results: field \"results\" must be an array");
    }
    var events = new ArrayList<WorkerEvent>(results.size());
    var rejected = new ArrayList<DecodedEvents.Rejected>(0);
    int index = 0;
    for (var item : results) {
      if (!item.isObject()) {
        rejected.add(
            new DecodedEvents.Rejected(
                encode(item), "task.results: results[" + index + "] is not an object"));
      } else {
        var single = ((ObjectNode) item).deepCopy();
        single.put("v", envelope.v());
        single.put("workerId", envelope.workerId());
        try {
          events.add(mapper.treeToValue(single, TaskResultEvent.class));
        } catch (JacksonException e) {
          rejected.add(
              new DecodedEvents.Rejected(
                  encode(single), "task.results: results[" + index + "]: " + describe(e)));
        }
      }
      index++;
    }
    return new DecodedEvents(events, rejected);
  }

  private static String text(JsonNode node) {
    return node == null || !node.isString() ? null : node.asString();
  }

  /** Parses any JSON value, e.g. a task's input or result. */
  public JsonNode readTree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedMessageException(describe(e), e);
    }
  }

  public JsonNode valueToTree(Object value) {
    return mapper.valueToTree(value);
  }

  public <T> T treeToValue(JsonNode node, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JacksonException e) {
      throw new MalformedMessageException(describe(e), e);
    }
  }

  /** The innermost reason, which for a record's failed check is the check's own message. */
  private static String describe(JacksonException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof IllegalArgumentException) {
      return root.getMessage(); // the record's own check, which names the field
    }
    var field = fieldPath(e);
    return field.isEmpty() ? e.getOriginalMessage() : field + ": " + e.getOriginalMessage();
  }

  /** Where in the document decoding failed, e.g. {@code tags} or {@code input.items[2]}. */
  private static String fieldPath(JacksonException e) {
    var path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
