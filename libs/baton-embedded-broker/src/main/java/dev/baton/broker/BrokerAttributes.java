package dev.baton.broker;

import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The SystemLauncher attributes of the embedded broker: in memory, one port, one work dir. */
final class BrokerAttributes {

  static final String INITIAL_CONFIG = "/baton-qpid-embedded.json";

  private BrokerAttributes() {}

  static Map<String, Object> of(int port, Path workDir) {
    URL initialConfig = BrokerAttributes.class.getResource(INITIAL_CONFIG);
    if (initialConfig == null) {
      throw new IllegalStateException(INITIAL_CONFIG + " is missing from the classpath");
    }
    var dir = workDir.toAbsolutePath().toString();
    var context = new HashMap<String, String>();
    context.put("qpid.amqp_port", Integer.toString(port));
    // Both names: Qpid derives some paths from one, some from the other; all must stay in here.
    context.put("qpid.work_dir", dir);
    context.put("QPID_WORK", dir);
    // Workers in other languages declare queues with RabbitMQ's x-* arguments; by default Qpid
    // answers those with a connection error (542). Qpid's own x-qpid-* arguments still apply.
    context.put("queue.behaviourOnUnknownDeclareArgument", "IGNORE");

    var attributes = new HashMap<String, Object>();
    attributes.put("type", "Memory");
    attributes.put("initialConfigurationLocation", initialConfig.toExternalForm());
    // No banner on stdout: the host application owns the console.
    attributes.put("startupLoggedToSystemOut", false);
    attributes.put("preferenceStoreAttributes", "{\"type\": \"Noop\"}");
    attributes.put("context", context);
    return attributes;
  }
}
