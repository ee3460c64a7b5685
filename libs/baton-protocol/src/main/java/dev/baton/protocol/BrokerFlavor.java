package dev.baton.protocol;

import java.util.Map;

/**
 * Which AMQP 0-9-1 broker a connection talks to. RabbitMQ is the production target; Apache Qpid
 * Broker-J serves the embedded zero-install run and needs its own queue arguments.
 */
public enum BrokerFlavor {
  RABBITMQ,
  QPID;

  /**
   * Detects the broker from the {@code product} server property of the AMQP connection. Anything
   * that is not Qpid is treated as RabbitMQ, whose arguments are the protocol's defaults.
   */
  public static BrokerFlavor fromServerProperties(Map<String, Object> serverProperties) {
    Object product = serverProperties == null ? null : serverProperties.get("product");
    return product != null && product.toString().toLowerCase().contains("qpid") ? QPID : RABBITMQ;
  }
}
