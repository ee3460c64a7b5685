package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An orchestrator started with no key (open mode): it listens on loopback only, the first issued
 * key ends open mode for good, and the last key that could manage the others cannot be revoked. Its
 * own prefix and database, since it leaves the database keyed.
 */
class OpenModeIT extends OrchestratorTestBase {

  private static final String PREFIX = TestBroker.uniquePrefix("open-mode");
  private static final String DATABASE = TestDatabase.newDatabase("open-mode-it");
  private static final Duration KEY_CACHE_TTL = Duration.ofMillis(200);

  @DynamicPropertySource
  static void openMode(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, PREFIX, DATABASE);
    registry.add("baton.security.key-cache-ttl", KEY_CACHE_TTL::toString);
  }

  @Autowired DataSource dataSource;

  @Test
  void onceAKeyHasExistedTheServerNeverRunsOpenAgain() {
    assertThat(call("GET", "/api/v1/tasks", null, null).statusCode())
        .as("open mode serves anonymous callers")
        .isEqualTo(200);
    var first = issue(null, "{\"name\":\"first\",\"role\":\"OPERATOR\"}");
    assertThat(call("GET", "/api/v1/tasks", null, null).statusCode())
        .as("the first issued key ends open mode")
        .isEqualTo(401);
    var second = issue(first.key, "{\"name\":\"second\",\"role\":\"ADMIN\"}");
    assertThat(call("DELETE", "/api/v1/api-keys/" + second.id, null, first.key).statusCode())
        .isEqualTo(200);

    // The only key left: revoking it would leave no key at all.
    var revokeLast = call("DELETE", "/api/v1/api-keys/" + first.id, null, first.key);
    var anonymousMint =
        call("POST", "/api/v1/api-keys", "{\"name\":\"mine\",\"role\":\"OPERATOR\"}", null);

    assertThat(anonymousMint.statusCode())
        .as("an anonymous caller issuing itself an OPERATOR key: %s", anonymousMint.body())
        .isEqualTo(401);
    assertThat(revokeLast.statusCode()).as(revokeLast.body()).isEqualTo(409);
    assertThat(revokeLast.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(revokeLast.body()).contains("last").contains("baton.security.keys");
    assertThat(call("GET", "/api/v1/tasks", null, first.key).statusCode()).isEqualTo(200);

    // Every key revoked behind the API's back (two instances revoking at once, or by hand): the
    // server stays closed — nobody gets in until a key is configured.
    new JdbcTemplate(dataSource)
        .update("UPDATE api_keys SET revoked_at = ?", System.currentTimeMillis());
    await()
        .during(KEY_CACHE_TTL.multipliedBy(4))
        .atMost(Duration.ofSeconds(5))
        .until(() -> call("GET", "/api/v1/tasks", null, null).statusCode() == 401);
    assertThat(
            call("POST", "/api/v1/api-keys", "{\"name\":\"x\",\"role\":\"OPERATOR\"}", null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void openModeListensOnLoopbackOnly() {
    var external = nonLoopbackAddress();
    Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");

    assertThatThrownBy(() -> connect(external.get()))
        .as("a connection to %s:%d from outside loopback", external.get(), port)
        .isInstanceOf(IOException.class);
    assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
  }

  private void connect(InetAddress address) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
    }
  }

  /** An IPv4 address of an interface that is up and not loopback, if the machine has one. */
  static Optional<InetAddress> nonLoopbackAddress() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(OpenModeIT::upAndNotLoopback)
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean upAndNotLoopback(NetworkInterface n) {
    try {
      return n.isUp() && !n.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private record IssuedKey(String id, String key) {}

  private IssuedKey issue(String key, String json) {
    var response = call("POST", "/api/v1/api-keys", json, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    var body = JSON.readTree(response.body());
    return new IssuedKey(body.get("key").get("id").asString(), body.get("apiKey").asString());
  }

  private HttpResponse<String> call(String method, String path, String json, String key) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return send(request.build());
  }
}
