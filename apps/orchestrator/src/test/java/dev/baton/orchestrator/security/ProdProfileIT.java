package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.orchestrator.BatonApplication;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The prod profile does not start open: with no key at all, start-up fails saying what to do. */
class ProdProfileIT {

  @Test
  void theProdProfileRefusesToStartWithoutAnyKey() {
    var app =
        new SpringApplicationBuilder(BatonApplication.class)
            .profiles("prod")
            .properties(
                "server.port=0",
                "spring.datasource.url=" + TestDatabase.newDatabase("prod-profile-it"),
                "spring.rabbitmq.addresses=" + TestBroker.amqpUri(),
                "baton.broker.prefix=" + TestBroker.uniquePrefix("prod"),
                "baton.broker.embedded=never");

    assertThatThrownBy(app::run)
        .rootCause()
        .hasMessageContaining("baton.security.require-keys")
        .hasMessageContaining("docs/security.md");
  }
}
