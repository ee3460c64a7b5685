package dev.baton.example;

import dev.baton.protocol.Topology;
import dev.baton.worker.BatonWorker;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The example worker's settings, from {@code --key=value} arguments over environment variables. An
 * argument key is the variable's name, or its lower-case form without {@code BATON_}: {@code
 * --amqp-uri}, {@code --prefix}, {@code --worker-concurrency}, {@code --worker-heartbeat-interval}.
 *
 * @param heartbeatInterval how often the worker heartbeats ({@code 1s}, {@code 500ms}, {@code 2m},
 *     or ISO-8601 such as {@code PT1S}); null leaves the SDK's default
 * @param deliveryHoldLimit the longest the worker holds a delivery unacked ({@code 0}: no limit);
 *     null leaves the SDK's default (see {@link BatonWorker.Builder#deliveryHoldLimit})
 */
record AppSettings(
    String amqpUri,
    Topology topology,
    int concurrency,
    Duration heartbeatInterval,
    Duration deliveryHoldLimit) {

  static final String AMQP_URI = BatonWorker.ENV_AMQP_URI;
  static final String PREFIX = BatonWorker.ENV_PREFIX;
  static final String CONCURRENCY = "BATON_WORKER_CONCURRENCY";
  static final String HEARTBEAT_INTERVAL = "BATON_WORKER_HEARTBEAT_INTERVAL";
  static final String DELIVERY_HOLD_LIMIT = "BATON_WORKER_DELIVERY_HOLD_LIMIT";
  private static final Set<String> KEYS =
      Set.of(AMQP_URI, PREFIX, CONCURRENCY, HEARTBEAT_INTERVAL, DELIVERY_HOLD_LIMIT);
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  static final String USAGE =
      "usage: java -jar baton-example-worker.jar [--amqp-uri=amqp://user:pass@host:5672/vhost]"
          + " [--prefix=baton] [--worker-concurrency=n] [--worker-heartbeat-interval=10s]"
          + " [--worker-delivery-hold-limit=5m]"
          + "  (or the environment variables "
          + String.join(", ", KEYS)
          + ")";

  /** Settings with the SDK's default heartbeat interval. */
  AppSettings(String amqpUri, Topology topology, int concurrency) {
    this(amqpUri, topology, concurrency, null, null);
  }

  /** Settings with the SDK's default delivery hold limit. */
  AppSettings(String amqpUri, Topology topology, int concurrency, Duration heartbeatInterval) {
    this(amqpUri, topology, concurrency, heartbeatInterval, null);
  }

  /**
   * @throws IllegalArgumentException for an unknown argument or an invalid value
   */
  static AppSettings resolve(String[] args, Map<String, String> environment) {
    var values = new HashMap<String, String>();
    for (var key : KEYS) {
      var value = environment.get(key);
      if (value != null && !value.isBlank()) {
        values.put(key, value.trim());
      }
    }
    for (var arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got " + arg);
      }
      values.put(key(arg.substring(2, eq)), arg.substring(eq + 1).trim());
    }
    var amqpUri = values.getOrDefault(AMQP_URI, BatonWorker.DEFAULT_AMQP_URI);
    var topology = new Topology(values.getOrDefault(PREFIX, Topology.DEFAULT_PREFIX));
    var concurrency = Runtime.getRuntime().availableProcessors();
    if (values.containsKey(CONCURRENCY)) {
      try {
        concurrency = Integer.parseInt(values.get(CONCURRENCY));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(CONCURRENCY + " must be a whole number", e);
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException(CONCURRENCY + " must be 1 or more");
      }
    }
    var heartbeatInterval =
        values.containsKey(HEARTBEAT_INTERVAL)
            ? positiveDuration(HEARTBEAT_INTERVAL, values.get(HEARTBEAT_INTERVAL))
            : null;
    var deliveryHoldLimit =
        values.containsKey(DELIVERY_HOLD_LIMIT)
            ? durationOrZero(DELIVERY_HOLD_LIMIT, values.get(DELIVERY_HOLD_LIMIT))
            : null;
    return new AppSettings(amqpUri, topology, concurrency, heartbeatInterval, deliveryHoldLimit);
  }

  /** As {@link #positiveDuration}, and {@code 0} for "never". */
  static Duration durationOrZero(String name, String value) {
    return value.equals("0") ? Duration.ZERO : positiveDuration(name, value);
  }

  /** {@code 250ms}, {@code 1s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT1S}). */
  static Duration positiveDuration(String name, String value) {
    Duration duration;
    var simple = SIMPLE_DURATION.matcher(value);
    try {
      if (simple.matches()) {
        long amount = Long.parseLong(simple.group(1));
        duration =
            switch (simple.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              default -> Duration.ofHours(amount);
            };
      } else {
        duration = Duration.parse(value);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a duration such as 500ms, 10s, 1m or PT10S, got " + value, e);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return duration;
  }

  private static String key(String name) {
    var key = name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    if (!key.startsWith("BATON_")) {
      key = "BATON_" + key;
    }
    if (!KEYS.contains(key)) {
      throw new IllegalArgumentException("unknown option --" + name);
    }
    return key;
  }
}
