package dev.baton.orchestrator.api;

import dev.baton.orchestrator.registry.DefinitionLoading;
import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.registry.LoadProblem;
import dev.baton.orchestrator.registry.TaskDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The task definition registry: read, register, reload, and what loading went wrong. */
@RestController
@RequestMapping("/api/v1/definitions")
@Tag(name = "Definitions", description = "Task types' versioned contracts and defaults")
class DefinitionController {

  private final DefinitionRegistry registry;
  private final DefinitionLoading loading;

  DefinitionController(DefinitionRegistry registry, DefinitionLoading loading) {
    this.registry = registry;
    this.loading = loading;
  }

  @Operation(summary = "The latest version of every task type, ordered by type")
  @GetMapping
  DefinitionList list() {
    return new DefinitionList(registry.latestOfEach().stream().map(this::response).toList());
  }

  @Operation(summary = "What the last load could not take (errors) or skipped (warnings)")
  @GetMapping("/errors")
  LoadProblems problems() {
    var all = registry.problems();
    return new LoadProblems(
        all.stream().filter(p -> p.severity() == LoadProblem.Severity.ERROR).toList(),
        all.stream().filter(p -> p.severity() == LoadProblem.Severity.WARNING).toList());
  }

  @Operation(
      summary = "Reload every configured source (admin)",
      description =
          "Reads the configured sources again and replaces the loaded definitions at once;"
              + " registered ones stay. Errors do not stop the reload: see /errors.")
  @PostMapping("/reload")
  DefinitionLoading.ReloadReport reload() {
    return loading.reload();
  }

  @Operation(
      summary = "Register a definition (admin)",
      description =
          "The body is a definition document (the fields of definition.yaml, schemas inline)."
              + " It is persisted and survives restarts. A version never changes: registering a"
              + " version that exists is a 409.")
  @ApiResponse(responseCode = "201", description = "Registered")
  @ApiResponse(
      responseCode = "400",
      description = "Not a valid definition",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(
      responseCode = "409",
      description = "That type and version exist",
      content = @Content(mediaType = "application/problem+json"))
  @PostMapping
  ResponseEntity<DefinitionResponse> register(@RequestBody JsonNode document) {
    var d = loading.register(document);
    return ResponseEntity.created(
            URI.create("/api/v1/definitions/" + d.type() + "/versions/" + d.version()))
        .body(response(d));
  }

  @Operation(summary = "The latest version of a type (semantic ordering: 1.10.0 above 1.9.0)")
  @ApiResponse(
      responseCode = "404",
      description = "No such type",
      content = @Content(mediaType = "application/problem+json"))
  @GetMapping("/{type}")
  DefinitionResponse latest(@PathVariable String type) {
    return registry
        .latest(type)
        .map(this::response)
        .orElseThrow(() -> DefinitionNotFoundException.type(type));
  }

  @Operation(summary = "A type's versions, oldest first")
  @GetMapping("/{type}/versions")
  Versions versions(@PathVariable String type) {
    var versions = registry.versions(type);
    if (versions.isEmpty()) {
      throw DefinitionNotFoundException.type(type);
    }
    return new Versions(type, versions.get(versions.size() - 1), versions);
  }

  @Operation(summary = "One version of a type")
  @GetMapping("/{type}/versions/{version}")
  DefinitionResponse version(@PathVariable String type, @PathVariable String version) {
    return registry
        .find(type, version)
        .map(this::response)
        .orElseThrow(() -> DefinitionNotFoundException.version(type, version));
  }

  private DefinitionResponse response(TaskDefinition d) {
    return DefinitionResponse.of(d, registry.versions(d.type()));
  }

  /** The latest version of every type. */
  record DefinitionList(List<DefinitionResponse> items) {}

  /** A type's versions, oldest first, and the latest. */
  record Versions(String type, String latest, List<String> versions) {}

  /** Problems of the last load. */
  record LoadProblems(List<LoadProblem> errors, List<LoadProblem> warnings) {}
}
