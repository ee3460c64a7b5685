package dev.baton.orchestrator.legacy;

import dev.baton.orchestrator.task.ImportedTask;
import dev.baton.protocol.TaskError;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns one record of an earlier task store into an {@link ImportedTask}, or says why it cannot.
 * Pure: no clock, no I/O, no randomness, so the same record always gives the same task (and the
 * same id, which makes a repeated import harmless).
 *
 * <table>
 *   <caption>What is read, first name found wins</caption>
 *   <tr><th>task</th><th>legacy fields</th><th>rule</th></tr>
 *   <tr><td>id</td><td>id, jobId, taskId, task_id</td><td>required; a UUID is kept; anything
 *       else becomes a name-based UUID of (source, legacy id), and tag {@code legacyId}</td></tr>
 *   <tr><td>type</td><td>type, code, taskType, task_type</td><td>else the import's default type;
 *       must match [a-zA-Z0-9._-]{1,100}</td></tr>
 *   <tr><td>status</td><td>status</td><td>required; case-insensitive, {@code -} or space as
 *       {@code _}: pending → QUEUED, processing / in_progress → RUNNING, done / success →
 *       COMPLETED, error → FAILED, canceled → CANCELLED, and the v1 names</td></tr>
 *   <tr><td>input</td><td>input, prompt, request</td><td>any JSON; default {@code {}}</td></tr>
 *   <tr><td>result</td><td>result</td><td>any JSON; kept for COMPLETED</td></tr>
 *   <tr><td>error</td><td>errorMessage, error_message, error (text, or {message, type,
 *       retryable}), errorType, error_type</td><td>kept for FAILED and CANCELLED</td></tr>
 *   <tr><td>workerId</td><td>assignedAgentId, workerId, assigned_agent_id, worker_id</td><td>the
 *       newer name first</td></tr>
 *   <tr><td>createdAt, startedAt, completedAt</td><td>the same, or snake_case</td><td>ISO-8601
 *       instant or offset date-time; local date-time (T or space) as UTC; epoch number, seconds
 *       below 10^11 else milliseconds</td></tr>
 *   <tr><td>timeoutSeconds</td><td>timeoutSeconds, timeoutMs, timeout (and snake_case)</td><td>
 *       timeout is seconds, or milliseconds when above 86400 (no timeout in seconds is that long);
 *       1–86400 s</td></tr>
 *   <tr><td>priority, maxRetries</td><td>priority; maxRetries, max_retries</td><td>0–9; 0–100
 *       </td></tr>
 *   <tr><td>tags</td><td>tags</td><td>an object of scalar values (as text)</td></tr>
 * </table>
 *
 * <p>Other fields are ignored. A number where an integer is needed may also come as a string of
 * digits, as JavaScript stores often wrote them.
 */
public final class LegacyRecordCoercion {

  /** The id namespace of legacy ids that are not UUIDs. */
  private static final String ID_NAMESPACE = "baton-legacy:";

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern INTEGER_TEXT = Pattern.compile("-?\\d{1,18}");
  private static final long MAX_TIMEOUT_SECONDS = 86_400;

  /** Epoch numbers below this are seconds (until the year 5138), from it on milliseconds. */
  private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;

  private static final Map<String, TaskStatus> STATUSES = statuses();

  /**
   * What a record leaves out, and the import's context.
   *
   * @param defaultType the type of records that name none (null: such records are rejected)
   * @param source names the legacy store, so equal non-UUID ids of two stores give two tasks (empty
   *     string when unused); also the tag {@code legacySource} when not empty
   */
  public record Options(
      String tenantId,
      String defaultType,
      String source,
      int priority,
      int timeoutSeconds,
      int maxRetries) {}

  /** A coerced record or a rejected one; {@code legacyId} is the record's own id, if it had one. */
  public sealed interface Outcome permits Coerced, Rejected {
    String legacyId();
  }

  public record Coerced(ImportedTask task, String legacyId) implements Outcome {}

  public record Rejected(String legacyId, String reason) implements Outcome {}

  private LegacyRecordCoercion() {}

  public static Outcome coerce(JsonNode record, Options options) {
    if (record == null || !record.isObject()) {
      return new Rejected(null, "a record must be a JSON object");
    }
    String legacyId;
    try {
      legacyId = legacyId(record);
    } catch (Invalid e) {
      return new Rejected(null, e.getMessage());
    }
    try {
      return new Coerced(coerce(record, legacyId, options), legacyId);
    } catch (Invalid e) {
      return new Rejected(legacyId, e.getMessage());
    }
  }

  private static ImportedTask coerce(JsonNode r, String legacyId, Options options) {
    var tags = new LinkedHashMap<>(tags(r));
    UUID id;
    if (UUID_TEXT.matcher(legacyId).matches()) {
      id = UUID.fromString(legacyId);
    } else {
      var name = ID_NAMESPACE + options.source() + ":" + legacyId;
      id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
      tags.put("legacyId", legacyId);
    }
    if (!options.source().isEmpty()) {
      tags.put("legacySource", options.source());
    }
    var statusText = requiredText(r, "status");
    var status = status(statusText);
    return new ImportedTask(
        id,
        options.tenantId(),
        type(r, options),
        status,
        statusText,
        integer(r, 0, 9, options.priority(), "priority"),
        json(r, "{}", "input", "prompt", "request"),
        status == TaskStatus.COMPLETED ? json(r, null, "result") : null,
        status == TaskStatus.FAILED || status == TaskStatus.CANCELLED ? error(r) : null,
        text(r, 200, "assignedAgentId", "workerId", "assigned_agent_id", "worker_id"),
        integer(r, 0, 100, options.maxRetries(), "maxRetries", "max_retries"),
        timeoutSeconds(r, options.timeoutSeconds()),
        Map.copyOf(tags),
        time(r, "createdAt", "created_at"),
        time(r, "startedAt", "started_at"),
        time(r, "completedAt", "completed_at"));
  }

  /** Maps a legacy status name to its v1 state, or says it is unknown. */
  static TaskStatus status(String legacy) {
    var key = legacy.trim().toLowerCase(Locale.ROOT).replaceAll("[-\\s]+", "_");
    var status = STATUSES.get(key);
    if (status == null) {
      throw new Invalid(
          "unknown status '"
              + legacy
              + "' (known: pending, processing, in_progress, done, success, error, canceled and"
              + " the v1 names)");
    }
    return status;
  }

  private static Map<String, TaskStatus> statuses() {
    var map = new HashMap<String, TaskStatus>();
    for (var s : TaskStatus.values()) {
      map.put(s.name().toLowerCase(Locale.ROOT), s);
    }
    map.put("pending", TaskStatus.QUEUED);
    map.put("processing", TaskStatus.RUNNING);
    map.put("in_progress", TaskStatus.RUNNING);
    map.put("done", TaskStatus.COMPLETED);
    map.put("success", TaskStatus.COMPLETED);
    map.put("error", TaskStatus.FAILED);
    map.put("canceled", TaskStatus.CANCELLED);
    return Map.copyOf(map);
  }

  private static String legacyId(JsonNode r) {
    var found = first(r, "id", "jobId", "taskId", "task_id");
    if (found == null) {
      throw new Invalid("the record has no id (looked for id, jobId, taskId, task_id)");
    }
    var value = found.getValue();
    if (value.isString() && !value.stringValue().isBlank()) {
      return value.stringValue().trim();
    }
    if (value.isIntegralNumber()) {
      return value.asString();
    }
    throw new Invalid(found.getKey() + " must be a non-empty string or an integer");
  }

  private static String type(JsonNode r, Options options) {
    var type = text(r, Integer.MAX_VALUE, "type", "code", "taskType", "task_type");
    if (type == null) {
      type = options.defaultType();
    }
    if (type == null) {
      throw new Invalid(
          "the record has no type (looked for type, code, taskType, task_type) and the import"
              + " names no defaultType");
    }
    if (!Topology.TASK_TYPE.matcher(type).matches()) {
      throw new Invalid("type '" + type + "' must match " + Topology.TASK_TYPE);
    }
    return type;
  }

  private static TaskError error(JsonNode r) {
    String message = text(r, Integer.MAX_VALUE, "errorMessage", "error_message");
    String type = text(r, 200, "errorType", "error_type");
    Boolean retryable = null;
    var error = r.get("error");
    if (error != null && error.isString()) {
      message = message != null ? message : error.stringValue();
    } else if (error != null && error.isObject()) {
      message = message != null ? message : text(error, Integer.MAX_VALUE, "message");
      type = type != null ? type : text(error, 200, "type");
      var flag = error.get("retryable");
      if (flag != null && flag.isBoolean()) {
        retryable = flag.booleanValue();
      }
    } else if (error != null && !error.isNull()) {
      throw new Invalid("error must be a string or an object {message, type, retryable}");
    }
    return message == null && type == null ? null : new TaskError(message, type, retryable);
  }

  private static int timeoutSeconds(JsonNode r, int defaultSeconds) {
    Long seconds = null;
    var found = first(r, "timeoutSeconds", "timeout_seconds");
    if (found != null) {
      seconds = longValue(found.getValue(), found.getKey());
    } else if ((found = first(r, "timeoutMs", "timeout_ms")) != null) {
      seconds = ceilSeconds(longValue(found.getValue(), found.getKey()));
    } else if ((found = first(r, "timeout")) != null) {
      long value = longValue(found.getValue(), "timeout");
      seconds = value > MAX_TIMEOUT_SECONDS ? ceilSeconds(value) : value;
    }
    if (seconds == null) {
      return defaultSeconds;
    }
    if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new Invalid(
          found.getKey() + " gives " + seconds + " s; the timeout must be 1 to 86400 seconds");
    }
    return seconds.intValue();
  }

  private static long ceilSeconds(long millis) {
    return Math.floorDiv(millis + 999, 1000);
  }

  private static int integer(JsonNode r, int min, int max, int defaultValue, String... names) {
    var found = first(r, names);
    if (found == null) {
      return defaultValue;
    }
    long value = longValue(found.getValue(), found.getKey());
    if (value < min || value > max) {
      throw new Invalid(found.getKey() + " must be between " + min + " and " + max);
    }
    return (int) value;
  }

  private static long longValue(JsonNode value, String name) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isString() && INTEGER_TEXT.matcher(value.stringValue().trim()).matches()) {
      return Long.parseLong(value.stringValue().trim());
    }
    throw new Invalid(name + " must be an integer, got " + value);
  }

  private static Map<String, String> tags(JsonNode r) {
    var tags = r.get("tags");
    if (tags == null || tags.isNull()) {
      return Map.of();
    }
    if (!tags.isObject()) {
      throw new Invalid("tags must be an object of strings");
    }
    var map = new LinkedHashMap<String, String>();
    for (var e : tags.properties()) {
      var value = e.getValue();
      if (value.isContainer()) {
        throw new Invalid("tag '" + e.getKey() + "' must be a string, not " + value.getNodeType());
      }
      if (value.isNull()) {
        continue;
      }
      if (e.getKey().isEmpty() || e.getKey().length() > 100) {
        throw new Invalid("tag keys must be 1 to 100 characters");
      }
      var text = value.isString() ? value.stringValue() : value.asString();
      if (text.length() > 500) {
        throw new Invalid("tag '" + e.getKey() + "' is longer than 500 characters");
      }
      map.put(e.getKey(), text);
    }
    if (map.size() > 50) {
      throw new Invalid("a record may have at most 50 tags");
    }
    return map;
  }

  private static Instant time(JsonNode r, String... names) {
    var found = first(r, names);
    if (found == null) {
      return null;
    }
    var value = found.getValue();
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return epoch(value.longValue());
    }
    if (value.isNumber()) {
      double d = value.doubleValue();
      return Instant.ofEpochMilli(Math.round(d < EPOCH_MILLIS_FROM ? d * 1000 : d));
    }
    if (value.isString()) {
      var text = value.stringValue().trim();
      if (INTEGER_TEXT.matcher(text).matches()) {
        return epoch(Long.parseLong(text));
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notWithOffset) {
        try {
          return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
          // fall through to the rejection below
        }
      }
    }
    throw new Invalid(found.getKey() + " is not a time: " + value);
  }

  private static Instant epoch(long value) {
    return Math.abs(value) < EPOCH_MILLIS_FROM
        ? Instant.ofEpochSecond(value)
        : Instant.ofEpochMilli(value);
  }

  private static String json(JsonNode r, String absent, String... names) {
    var found = first(r, names);
    return found == null ? absent : found.getValue().toString();
  }

  private static String requiredText(JsonNode r, String name) {
    var text = text(r, Integer.MAX_VALUE, name);
    if (text == null) {
      throw new Invalid("the record has no " + name);
    }
    return text;
  }

  /** The first of {@code names} holding a non-blank string, trimmed; null if none is present. */
  private static String text(JsonNode r, int maxLength, String... names) {
    var found = first(r, names);
    if (found == null) {
      return null;
    }
    var value = found.getValue();
    if (!value.isString()) {
      throw new Invalid(found.getKey() + " must be a string, got " + value.getNodeType());
    }
    var text = value.stringValue().trim();
    if (text.length() > maxLength) {
      throw new Invalid(found.getKey() + " is longer than " + maxLength + " characters");
    }
    return text.isEmpty() ? null : text;
  }

  /** The first of {@code names} present with a value other than JSON null. */
  private static Map.Entry<String, JsonNode> first(JsonNode r, String... names) {
    for (var name : names) {
      var value = r.get(name);
      if (value != null && !value.isNull()) {
        return Map.entry(name, value);
      }
    }
    return null;
  }

  /** A record that cannot be imported; the message is the reason given back. */
  private static final class Invalid extends RuntimeException {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }
}
