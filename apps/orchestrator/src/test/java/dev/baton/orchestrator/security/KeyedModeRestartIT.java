package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.BatonApplication;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * That a key has existed is kept in the database: an orchestrator restarted on it without the key
 * it was configured with (a lost environment variable, a botched deployment) does not come back
 * open. The same holds for every instance sharing a PostgreSQL database.
 */
class KeyedModeRestartIT {

  private static final String KEY = "restart-operator-0123456789abcdef";
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void databaseAnswers() {
    var unavailable = TestDatabase.unavailableReason();
    Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
  }

  @Test
  void aConfiguredKeyRemovedFromTheConfigurationLeavesTheServerClosed() throws Exception {
    var database = TestDatabase.newDatabase("keyed-restart-it");
    var prefix = TestBroker.uniquePrefix("keyed-restart");

    try (var configured =
        start(
            database,
            prefix,
            "baton.security.keys[0].name=ops",
            "baton.security.keys[0].role=OPERATOR",
            "baton.security.keys[0].key=" + KEY)) {
      assertThat(get(configured, null).statusCode()).isEqualTo(401);
      assertThat(get(configured, KEY).statusCode()).isEqualTo(200);
    }

    try (var withoutKeys = start(database, prefix)) {
      var anonymous = get(withoutKeys, null);

      assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    }
  }

  private static ConfigurableApplicationContext start(
      String database, String prefix, String... more) {
    // Command-line arguments: they win over application.yaml (server.port: ${BATON_PORT:8080}).
    var arguments = new ArrayList<String>();
    for (var property :
        List.of(
            "server.port=0",
            "spring.datasource.url=" + database,
            "spring.rabbitmq.addresses=" + TestBroker.amqpUri(),
            "baton.broker.prefix=" + prefix,
            "baton.broker.embedded=never")) {
      arguments.add("--" + property);
    }
    for (var property : more) {
      arguments.add("--" + property);
    }
    return new SpringApplicationBuilder(BatonApplication.class)
        .run(arguments.toArray(String[]::new));
  }

  private HttpResponse<String> get(ConfigurableApplicationContext app, String key)
      throws Exception {
    var port = app.getEnvironment().getProperty("local.server.port");
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tasks"));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
