package dev.baton.orchestrator.graphql;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** Wires what the schema declares beyond the built-in types: the {@code JSON} scalar. */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

  @Bean
  RuntimeWiringConfigurer jsonScalar() {
    return wiring -> wiring.scalar(JsonScalar.TYPE);
  }
}
