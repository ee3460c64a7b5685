package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists every endpoint the application serves under /api/v1. */
class OpenApiIT extends OrchestratorIT {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void documentListsEveryApiEndpointWithItsMethods() {
    var doc = getJson("/v3/api-docs");
    var served = new TreeSet<String>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) ->
                info.getPatternValues().stream()
                    .filter(p -> p.startsWith("/api/v1"))
                    .forEach(
                        p ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> served.add(m.name() + " " + p))));
    var documented = new TreeSet<String>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .propertyNames()
                    .forEach(
                        m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey())));

    assertThat(served).isNotEmpty().contains("POST /api/v1/tasks", "GET /api/v1/workers");
    assertThat(documented).containsAll(served);
    assertThat(doc.get("info").get("title").asString()).isEqualTo("Baton API");
  }

  @Test
  void documentDeclaresTheApiKeyHeaderAndBearerSchemes() {
    var schemes = getJson("/v3/api-docs").path("components").path("securitySchemes");

    var apiKey = schemes.path("apiKey");
    assertThat(apiKey.path("type").asString("")).isEqualTo("apiKey");
    assertThat(apiKey.path("in").asString("")).isEqualTo("header");
    assertThat(apiKey.path("name").asString("")).isEqualTo("X-API-Key");
    var bearer = schemes.path("bearer");
    assertThat(bearer.path("type").asString("")).isEqualTo("http");
    assertThat(bearer.path("scheme").asString("")).isEqualTo("bearer");
  }

  @Test
  void everyApiOperationAcceptsEitherScheme() {
    var doc = getJson("/v3/api-docs");
    var missing = new TreeSet<String>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          var security = op.getValue().path("security");
                          var schemes = new TreeSet<String>();
                          security.forEach(
                              requirement -> schemes.addAll(requirement.propertyNames()));
                          // Either scheme alone satisfies it: two requirements of one scheme each.
                          if (security.size() != 2 || !schemes.equals(Set.of("apiKey", "bearer"))) {
                            missing.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));

    assertThat(missing).as("operations without the key schemes").isEmpty();
  }

  @Autowired KeySecurityCustomizer keySecurity;

  @Test
  void keysAreAskedOfTheSecurityChainWhichLeavesDocsHealthAndDashboardPublic() {
    assertThat(keySecurity.needsKey("GET", "/v3/api-docs")).isFalse();
    assertThat(keySecurity.needsKey("GET", "/actuator/health")).isFalse();
    assertThat(keySecurity.needsKey("GET", "/index.html")).isFalse();
    assertThat(keySecurity.needsKey("GET", "/api/v1/tasks")).isTrue();
    assertThat(keySecurity.needsKey("POST", "/api/v1/tasks/{id}/heartbeat")).isTrue();
    assertThat(keySecurity.needsKey("GET", "/actuator/prometheus")).isTrue();
  }

  @Test
  void listAndStatsDocumentTheParametersTheyRead() {
    var doc = getJson("/v3/api-docs");

    assertThat(parameterNames(doc, "/api/v1/tasks"))
        .containsExactlyInAnyOrderElementsOf(
            union(TaskListParameters.FILTERS, TaskListParameters.PAGING));
    assertThat(parameterNames(doc, "/api/v1/tasks/stats"))
        .containsExactlyInAnyOrderElementsOf(TaskListParameters.FILTERS);
  }

  private static List<String> parameterNames(JsonNode doc, String path) {
    var names = new ArrayList<String>();
    doc.get("paths")
        .get(path)
        .get("get")
        .get("parameters")
        .forEach(p -> names.add(p.get("name").asString()));
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var union = new TreeSet<>(a);
    union.addAll(b);
    return union;
  }

  @Test
  void swaggerUiIsServedAtDocs() {
    var response = get("/docs");

    assertThat(response.statusCode()).isIn(200, 302);
    assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }
}
