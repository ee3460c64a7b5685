package dev.baton.broker;

import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;

/** Reads back the port the AMQP listener actually bound, which differs from 0 when asked for 0. */
final class BoundPort {

  private BoundPort() {}

  static int of(SystemConfig<?> systemConfig) {
    if (systemConfig == null) {
      throw new IllegalStateException("the broker started without resolving its configuration");
    }
    Broker<?> broker = systemConfig.getContainer(Broker.class);
    for (Port<?> port : broker.getChildren(Port.class)) {
      if (port instanceof AmqpPort<?> amqp && amqp.getBoundPort() > 0) {
        return amqp.getBoundPort();
      }
    }
    throw new IllegalStateException("its AMQP port is not listening (is the port in use?)");
  }
}
