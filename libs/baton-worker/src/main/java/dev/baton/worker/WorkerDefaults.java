package dev.baton.worker;

import dev.baton.protocol.QueueType;
import dev.baton.protocol.Topology;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** The defaults of {@link BatonWorker.Builder}, read from the environment when not set. */
final class WorkerDefaults {

  private final Function<String, String> env;

  WorkerDefaults(Function<String, String> env) {
    this.env = env;
  }

  String amqpUri() {
    var uri = value(BatonWorker.ENV_AMQP_URI);
    return uri != null ? uri : BatonWorker.DEFAULT_AMQP_URI;
  }

  Topology topology() {
    var prefix = value(BatonWorker.ENV_PREFIX);
    return prefix != null ? new Topology(prefix) : Topology.defaults();
  }

  /** The host name, made safe for a routing key, and a short random suffix. */
  QueueType queueType() {
    var type = value(BatonWorker.ENV_QUEUE_TYPE);
    return type == null ? QueueType.CLASSIC : QueueType.parse(type);
  }

  /** The tenant whose own queues to consume; null: the shared ones. */
  String tenant() {
    return value(BatonWorker.ENV_TENANT);
  }

  String workerId() {
    var host = hostName().replaceAll("[^a-zA-Z0-9._-]", "-");
    if (host.length() > 60) {
      host = host.substring(0, 60);
    }
    return host + "-" + "%06x".formatted(ThreadLocalRandom.current().nextInt(1 << 24));
  }

  static int concurrency() {
    return Runtime.getRuntime().availableProcessors();
  }

  private String hostName() {
    var name = value("HOSTNAME");
    if (name == null) {
      name = value("COMPUTERNAME");
    }
    if (name == null) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        name = "worker";
      }
    }
    return name.isBlank() ? "worker" : name;
  }

  private String value(String name) {
    var value = env.apply(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
