package dev.baton.example;

import dev.baton.protocol.Topology;
import dev.baton.worker.BatonWorker;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The example worker's settings, from {@code --key=value} arguments over environment variables. An
 * argument key is the variable's name, or its lower-case form without {@code BATON_}: {@code
 * --amqp-uri}, {@code --prefix}, {@code --worker-concurrency}.
 */
record AppSettings(String amqpUri, Topology topology, int concurrency) {

  static final String AMQP_URI = BatonWorker.ENV_AMQP_URI;
  static final String PREFIX = BatonWorker.ENV_PREFIX;
  static final String CONCURRENCY = "BATON_WORKER_CONCURRENCY";
  private static final Set<String> KEYS = Set.of(AMQP_URI, PREFIX, CONCURRENCY);

  static final String USAGE =
      "usage: java -jar baton-example-worker.jar [--amqp-uri=amqp://user:pass@host:5672/vhost]"
          + " [--prefix=baton] [--worker-concurrency=n]  (or the environment variables "
          + String.join(", ", KEYS)
          + ")";

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
    return new AppSettings(amqpUri, topology, concurrency);
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
