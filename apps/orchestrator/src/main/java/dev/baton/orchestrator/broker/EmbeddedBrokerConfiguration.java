package dev.baton.orchestrator.broker;

import dev.baton.broker.AmqpProbe;
import dev.baton.broker.EmbeddedAmqpBroker;
import dev.baton.orchestrator.BatonProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The zero-install run: when the configured broker is the default localhost:5672 and nothing
 * answers there, start an in-process AMQP 0-9-1 broker (Apache Qpid Broker-J) on that port, so a
 * newcomer needs nothing but Java and the example worker finds it with its own defaults. Real
 * RabbitMQ stays the production target; {@code baton.broker.embedded=never} turns this off.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedBrokerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);
  static final String BEAN_NAME = "batonEmbeddedBroker";

  /** Makes the AMQP connection factories wait for the decision about the embedded broker. */
  @Bean
  static BeanFactoryPostProcessor connectionFactoriesDependOnEmbeddedBroker() {
    return EmbeddedBrokerConfiguration::addDependency;
  }

  private static void addDependency(ConfigurableListableBeanFactory beanFactory) {
    var names =
        beanFactory.getBeanNamesForType(
            org.springframework.amqp.rabbit.connection.ConnectionFactory.class, true, false);
    for (var name : names) {
      var definition = beanFactory.getBeanDefinition(name);
      var dependsOn = definition.getDependsOn();
      if (dependsOn == null) {
        definition.setDependsOn(BEAN_NAME);
      } else {
        var all = Arrays.copyOf(dependsOn, dependsOn.length + 1);
        all[dependsOn.length] = BEAN_NAME;
        definition.setDependsOn(all);
      }
    }
  }

  @Bean(name = BEAN_NAME, destroyMethod = "close")
  EmbeddedBrokerHolder batonEmbeddedBroker(BatonProperties properties, Environment env) {
    var mode = properties.broker().embedded();
    if (mode == BatonProperties.Embedded.NEVER) {
      return new EmbeddedBrokerHolder(null);
    }
    var address = firstAddress(env.getProperty("spring.rabbitmq.addresses", "localhost:5672"));
    boolean isDefaultLocal =
        (address.host().equals("localhost") || address.host().equals("127.0.0.1"))
            && address.port() == 5672;
    if (mode == BatonProperties.Embedded.AUTO) {
      if (!isDefaultLocal
          || AmqpProbe.answers(address.host(), address.port(), Duration.ofSeconds(1))) {
        return new EmbeddedBrokerHolder(null);
      }
    }
    var broker = EmbeddedAmqpBroker.start(address.port());
    log.warn(
        "\n*************************************************************************************\n"
            + "  Broker {}:{} — started an EMBEDDED AMQP broker (Apache Qpid, in memory) on\n"
            + "  127.0.0.1:{}. Fine for trying Baton; its queued messages live only as long as\n"
            + "  this process (the tasks themselves are safe in the database).\n"
            + "  For production run RabbitMQ and set BATON_AMQP_URI (baton.broker.embedded=never).\n"
            + "*************************************************************************************",
        address.host(),
        address.port(),
        broker.port());
    return new EmbeddedBrokerHolder(broker);
  }

  static HostPort firstAddress(String addresses) {
    var first = addresses.split(",")[0].trim();
    if (first.contains("://")) {
      var uri = URI.create(first);
      int port = uri.getPort() > 0 ? uri.getPort() : (first.startsWith("amqps") ? 5671 : 5672);
      return new HostPort(uri.getHost(), port);
    }
    int colon = first.lastIndexOf(':');
    return colon < 0
        ? new HostPort(first, 5672)
        : new HostPort(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
  }

  record HostPort(String host, int port) {}

  /** The embedded broker if one was started, closed with the application context. */
  static final class EmbeddedBrokerHolder implements AutoCloseable {
    private final EmbeddedAmqpBroker broker;

    EmbeddedBrokerHolder(EmbeddedAmqpBroker broker) {
      this.broker = broker;
    }

    boolean started() {
      return broker != null;
    }

    @Override
    public void close() {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
