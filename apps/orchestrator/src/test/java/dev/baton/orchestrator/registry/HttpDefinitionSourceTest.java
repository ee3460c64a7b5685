package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import dev.baton.orchestrator.registry.LoadProblem.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpDefinitionSourceTest {

  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private HttpServer server;

  @BeforeEach
  void serveFiles() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            var body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void serve(String path, String body) {
    files.put(path, body.getBytes(StandardCharsets.UTF_8));
  }

  private void serveSample(String path, String sample) throws IOException {
    var root = FilesystemDefinitionSourceTest.repoRoot().resolve("examples/definitions");
    files.put(path, Files.readAllBytes(root.resolve(sample)));
  }

  @Test
  void loadsEveryListedDefinitionWithSchemasFetchedByRelativeUrl() throws IOException {
    serve(
        "/registry/index.json",
        """
        {"definitions": [
          {"definition": "sleep/1.10.0/definition.yaml"},
          {"definition": "/elsewhere/echo.yaml"}
        ]}
        """);
    serveSample(
        "/registry/sleep/1.10.0/definition.yaml", "collection/sleep/1.10.0/definition.yaml");
    serveSample(
        "/registry/sleep/1.10.0/input.schema.json", "collection/sleep/1.10.0/input.schema.json");
    serveSample("/elsewhere/echo.yaml", "echo/definition.yaml");

    var loaded = new HttpDefinitionSource(url("/registry/index.json")).load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.definitions())
        .extracting(TaskDefinition::type, d -> d.version().toString(), TaskDefinition::source)
        .containsExactly(
            tuple("sleep", "1.10.0", url("/registry/sleep/1.10.0/definition.yaml").toString()),
            tuple("echo", "1.0.0", url("/elsewhere/echo.yaml").toString()));
    var sleepSchema = loaded.definitions().get(0).inputSchema();
    assertThat(sleepSchema.get("required").get(0).stringValue()).isEqualTo("ms");
  }

  @Test
  void indexMayBeYaml() {
    serve("/index.yaml", "definitions:\n  - definition: a.yaml\n");
    serve("/a.yaml", "type: a\nversion: 1.0.0\n");

    var loaded = new HttpDefinitionSource(url("/index.yaml")).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("a");
  }

  @Test
  void missingDefinitionIsOneErrorAndTheRestLoads() {
    serve(
        "/index.json",
        "{\"definitions\": [{\"definition\": \"gone.yaml\"}, {\"definition\": \"b.yaml\"}]}");
    serve("/b.yaml", "type: b\nversion: 1.0.0\n");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("b");
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.source()).isEqualTo(url("/index.json").toString());
              assertThat(p.location()).isEqualTo(url("/gone.yaml").toString());
              assertThat(p.message()).contains("HTTP 404");
            });
  }

  @Test
  void missingSchemaFileIsNamedInTheDefinitionsError() {
    serve("/index.json", "{\"definitions\": [{\"definition\": \"a/definition.yaml\"}]}");
    serve("/a/definition.yaml", "type: a\nversion: 1.0.0\ninputSchema: in.json\n");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.problems())
        .extracting(LoadProblem::location, LoadProblem::message)
        .containsExactly(
            tuple(
                url("/a/definition.yaml").toString(),
                "inputSchema: file 'in.json' not found next to the definition"));
  }

  @Test
  void invalidDefinitionIsAnErrorWithItsProblems() {
    serve("/index.json", "{\"definitions\": [{\"definition\": \"bad.yaml\"}]}");
    serve("/bad.yaml", "type: bad\nversion: one.two\n");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.problems())
        .singleElement()
        .extracting(LoadProblem::message)
        .asString()
        .contains("version 'one.two' is not a semantic version");
  }

  @Test
  void redirectToAnotherHostIsNotFollowed() throws IOException {
    var elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          try (exchange) {
            var body = "{\"definitions\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    elsewhere.start();
    var target = "http://localhost:" + elsewhere.getAddress().getPort() + "/index.json";
    server.createContext(
        "/moved.json",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().add("Location", target);
            exchange.sendResponseHeaders(302, -1);
          }
        });

    try {
      var loaded = new HttpDefinitionSource(url("/moved.json")).load();

      assertThat(loaded.problems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.message())
                      .contains("redirect")
                      .contains(target)
                      .contains("another host"));
    } finally {
      elsewhere.stop(0);
    }
  }

  @Test
  void redirectOnTheSameHostIsFollowed() {
    server.createContext(
        "/old/index.json",
        exchange -> {
          try (exchange) {
            exchange.getResponseHeaders().add("Location", "/registry/index.json");
            exchange.sendResponseHeaders(301, -1);
          }
        });
    serve("/registry/index.json", "{\"definitions\": [{\"definition\": \"b.yaml\"}]}");
    serve("/registry/b.yaml", "type: b\nversion: 1.0.0\n");

    var loaded = new HttpDefinitionSource(url("/old/index.json")).load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("b");
  }

  @Test
  void documentOverTheSizeLimitIsOneErrorAndIsNotReadWhole() {
    // A server that never stops sending: the source must stop reading at the limit.
    var sent = new java.util.concurrent.atomic.AtomicLong();
    server.createContext(
        "/endless.yaml",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, 0); // chunked, no length announced
            var chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) '#');
            while (sent.get() < 1024L * 1024 * 1024) {
              exchange.getResponseBody().write(chunk);
              sent.addAndGet(chunk.length);
            }
          } catch (IOException e) {
            // the client hung up: expected
          }
        });
    serve("/index.json", "{\"definitions\": [{\"definition\": \"endless.yaml\"}]}");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("larger than 1 MiB")
                    .contains("baton.registry.max-document-size"));
    assertThat(sent.get()).isLessThan(256L * 1024 * 1024);
  }

  @Test
  void indexListingMoreEntriesThanTheLimitIsOneError() {
    var entries = new StringBuilder("{\"definitions\": [");
    for (int i = 0; i <= 10_000; i++) {
      entries.append(i == 0 ? "" : ",").append("{\"definition\": \"d").append(i).append(".yaml\"}");
    }
    serve("/index.json", entries.append("]}").toString());

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("10001 definitions")
                    .contains("baton.registry.max-entries"));
  }

  @Test
  void missingIndexIsOneErrorNamingTheStatus() {
    var loaded = new HttpDefinitionSource(url("/nothing.json")).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo(url("/nothing.json").toString());
              assertThat(p.message())
                  .contains("HTTP 404")
                  .contains("check baton.registry.sources[].url");
            });
  }

  @Test
  void unreachableIndexIsOneErrorNamingTheUrl() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var index = URI.create("http://127.0.0.1:" + closedPort + "/index.json");

    var loaded = new HttpDefinitionSource(index).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.message()).contains(index.toString()).contains("ConnectException");
            });
  }

  @Test
  void malformedIndexIsOneError() {
    serve("/index.json", "{\"items\": []}");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.problems())
        .singleElement()
        .extracting(LoadProblem::message)
        .asString()
        .contains("no list 'definitions'");
  }

  @Test
  void entryThatIsNotAnHttpUrlIsOneErrorAndTheRestLoads() {
    serve(
        "/index.json",
        "{\"definitions\": [{\"definition\": \"file:///etc/passwd\"}, {\"definition\": \"b.yaml\"}]}");
    serve("/b.yaml", "type: b\nversion: 1.0.0\n");

    var loaded = new HttpDefinitionSource(url("/index.json")).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("b");
    assertThat(loaded.problems())
        .singleElement()
        .extracting(LoadProblem::message)
        .asString()
        .startsWith("definitions[0]: 'file:///etc/passwd' is not an http or https URL");
  }
}
