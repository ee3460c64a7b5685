package dev.baton.orchestrator;

import dev.baton.orchestrator.task.RetryBackoff;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.Topology;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import tools.jackson.core.StreamReadConstraints;

/** The Baton orchestrator. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BatonApplication {

  public static void main(String[] args) {
    SpringApplication.run(BatonApplication.class, args);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ProtocolCodec protocolCodec(StreamReadConstraints jsonReadConstraints) {
    // The same limits as the REST API: the codec reads back stored inputs and results.
    return new ProtocolCodec(jsonReadConstraints);
  }

  @Bean
  Topology topology(BatonProperties properties) {
    return new Topology(properties.broker().prefix());
  }

  @Bean
  RetryBackoff retryBackoff(BatonProperties properties) {
    var b = properties.tasks().backoff();
    return new RetryBackoff(b.initial(), b.factor(), b.max(), b.jitter());
  }
}
