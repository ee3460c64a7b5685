package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The sample registry under {@code examples/definitions} (a plain directory, a zip, a nested
 * collection and one broken definition), loaded from the filesystem by an orchestrator in strict
 * mode, as the README's demo runs it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SampleRegistryIT extends OrchestratorTestBase {

  // Its own database and broker names: a second orchestrator on the shared ones would take part
  // in the other tests' work with a different registry.
  private static final String SAMPLE_PREFIX = TestBroker.uniquePrefix("samples");
  private static final String SAMPLE_DATABASE = TestDatabase.newDatabase("sample-registry-it");

  @DynamicPropertySource
  static void sampleRegistry(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, SAMPLE_PREFIX, SAMPLE_DATABASE);
    registry.add("baton.registry.strict", () -> "true");
    registry.add("baton.registry.sources[0].type", () -> "filesystem");
    registry.add("baton.registry.sources[0].path", () -> samples().toString());
  }

  @Test
  void loadingTheSampleRegistryReportsExactlyTheBrokenDefinition() {
    var problems = getJson("/api/v1/definitions/errors");

    assertThat(problems.get("errors")).hasSize(1);
    assertThat(problems.get("errors").get(0).get("location").asString()).contains("broken");
    assertThat(problems.get("warnings")).isEmpty();
    assertThat(types(getJson("/api/v1/definitions")))
        .contains("echo", "sha256", "sleep", "fail")
        .doesNotContain("broken");
  }

  @Test
  void theLatestSleepIsTheSemanticallyHighestVersion() {
    assertThat(getJson("/api/v1/definitions/sleep").get("version").asString()).isEqualTo("1.10.0");
  }

  @Test
  void graphQlAndRestGiveTheSameDefinitionsAndVersions() {
    var rest = new ArrayList<String>();
    getJson("/api/v1/definitions")
        .get("items")
        .forEach(
            d ->
                rest.add(
                    d.get("type").asString()
                        + " "
                        + d.get("version").asString()
                        + " "
                        + d.get("availableVersions")));
    var graphQl = new ArrayList<String>();
    var response =
        post("/graphql", "{\"query\":\"{ definitions { type version availableVersions } }\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JSON.readTree(response.body())
        .get("data")
        .get("definitions")
        .forEach(
            d ->
                graphQl.add(
                    d.get("type").asString()
                        + " "
                        + d.get("version").asString()
                        + " "
                        + d.get("availableVersions")));
    var sleepVersions =
        JSON.readTree(
            post("/graphql", "{\"query\":\"{ definitionVersions(type: \\\"sleep\\\") }\"}").body());

    assertThat(graphQl).isNotEmpty().isEqualTo(rest);
    assertThat(sleepVersions.get("data").get("definitionVersions").toString())
        .isEqualTo(getJson("/api/v1/definitions/sleep/versions").get("versions").toString());
  }

  @Test
  void aReloadGivesTheSameDefinitionsAndTheSameSingleError() {
    var before = getJson("/api/v1/definitions");

    var reload = JSON.readTree(post("/api/v1/definitions/reload", "").body());

    assertThat(reload.get("errors").asInt()).isEqualTo(1);
    assertThat(getJson("/api/v1/definitions")).isEqualTo(before);
  }

  @Test
  void strictModeRefusesTypesWithoutADefinitionAndChecksTheZippedSchema() {
    var unknown = post("/api/v1/tasks", "{\"type\":\"no-such-type\"}");
    var badInput = post("/api/v1/tasks", "{\"type\":\"sha256\",\"input\":{\"txt\":\"a\"}}");

    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"field\":\"type\"").contains("strict");
    assertThat(badInput.statusCode()).isEqualTo(400);
    assertThat(badInput.body()).contains("/input");
    var ok = submit("{\"type\":\"sha256\",\"input\":{\"text\":\"abc\"}}");
    assertThat(getJson("/api/v1/tasks/" + ok).get("version").asString()).isNotBlank();
  }

  @AfterAll
  static void removeQueues() {
    TestBroker.deleteTopology(new Topology(SAMPLE_PREFIX), List.of("sha256"));
  }

  private static List<String> types(JsonNode list) {
    var out = new ArrayList<String>();
    list.get("items").forEach(d -> out.add(d.get("type").asString()));
    return out;
  }

  /** examples/definitions of this checkout, found from the module's working directory. */
  static Path samples() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      var candidate = dir.resolve("examples/definitions");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("examples/definitions not found above the working directory");
  }
}
