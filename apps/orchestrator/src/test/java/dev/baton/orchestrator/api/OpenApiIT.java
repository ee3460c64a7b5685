package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
  void swaggerUiIsServedAtDocs() {
    var response = get("/docs");

    assertThat(response.statusCode()).isIn(200, 302);
    assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }
}
