package dev.baton.orchestrator.api;

import dev.baton.orchestrator.registry.DefinitionDefaults;
import dev.baton.orchestrator.registry.TaskDefinition;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A task definition version as the API shows it. */
public record DefinitionResponse(
    String type,
    String version,
    String label,
    String description,
    List<String> availableVersions,
    JsonNode inputSchema,
    JsonNode outputSchema,
    DefinitionDefaults defaults,
    Integer concurrencyLimit,
    String source) {

  static DefinitionResponse of(TaskDefinition d, List<String> availableVersions) {
    return new DefinitionResponse(
        d.type(),
        d.version().toString(),
        d.label(),
        d.description(),
        availableVersions,
        d.inputSchema(),
        d.outputSchema(),
        d.defaults(),
        d.concurrencyLimit(),
        d.source());
  }
}
