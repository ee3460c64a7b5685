package dev.baton.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The AMQP names of the v1 protocol under one configurable prefix (default {@code baton}).
 *
 * <p>The orchestrator declares all of them; workers may declare the same names with the same
 * arguments.
 */
public record Topology(String prefix) {

  public static final String DEFAULT_PREFIX = "baton";

  /** Routing key of {@link TaskStatusEvent} on the events exchange. */
  public static final String KEY_TASK_STATUS = "task.status";

  /** Routing key of {@link TaskResultEvent} on the events exchange. */
  public static final String KEY_TASK_RESULT = "task.result";

  /** Routing key of {@link WorkerHeartbeat} on the events exchange. */
  /** Routing key of a batch of results (v1.1 lean reporting, see {@link TaskResultBatch}). */
  public static final String KEY_TASK_RESULTS = "task.results";

  public static final String KEY_WORKER_HEARTBEAT = "worker.heartbeat";

  /** Task types, as the protocol allows them: they become routing keys and queue names. */
  public static final Pattern TASK_TYPE = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

  public Topology {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches("[a-zA-Z0-9._-]{1,60}")) {
      throw new IllegalArgumentException(
          "AMQP name prefix must match [a-zA-Z0-9._-]{1,60}, got '" + prefix + "'");
    }
  }

  public static Topology defaults() {
    return new Topology(DEFAULT_PREFIX);
  }

  /** Direct exchange, orchestrator → workers, routing key = task type. */
  public String tasksExchange() {
    return prefix + ".tasks";
  }

  /** The durable priority queue that workers of {@code type} consume. */
  public String taskQueue(String type) {
    if (type == null || !TASK_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("task type must match " + TASK_TYPE + ", got " + type);
    }
    return prefix + ".tasks." + type;
  }

  /**
   * The queue of {@code type}'s tasks of one tenant, for tenants the orchestrator gives their own
   * queues ({@code baton.security.tenant-queues}); {@code tenant} null: the shared {@link
   * #taskQueue(String)}.
   */
  public String taskQueue(String type, String tenant) {
    var shared = taskQueue(type);
    return tenant == null ? shared : prefix + ".tenant." + checkedTenant(tenant) + ".tasks." + type;
  }

  /** The routing key of a dispatch of {@code type} for {@code tenant} (null: shared queue). */
  public String dispatchKey(String type, String tenant) {
    taskQueue(type);
    return tenant == null ? type : type + "@" + checkedTenant(tenant);
  }

  private static String checkedTenant(String tenant) {
    if (!TASK_TYPE.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must match " + TASK_TYPE + ", got " + tenant);
    }
    return tenant;
  }

  /** Topic exchange, workers → orchestrator. */
  public String eventsExchange() {
    return prefix + ".events";
  }

  /** The queue the orchestrator consumes every event from (bound with {@code #}). */
  public String orchestratorEventsQueue() {
    return prefix + ".orchestrator.events";
  }

  /** Producers publish submissions here (default exchange, routing key = queue name). */
  public String submissionsQueue() {
    return prefix + ".submissions";
  }

  /** Topic exchange, orchestrator → workers, key {@link #controlKey(String)}. */
  public String controlExchange() {
    return prefix + ".control";
  }

  public String controlKey(String workerId) {
    return "worker." + workerId;
  }

  /** The dead-letter exchange (fanout) for messages that could not be parsed or applied. */
  public String deadLetterExchange() {
    return prefix + ".dlx";
  }

  public String deadLetterQueue() {
    return prefix + ".dead-letter";
  }
}
