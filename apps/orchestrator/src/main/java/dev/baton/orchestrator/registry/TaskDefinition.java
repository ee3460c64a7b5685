package dev.baton.orchestrator.registry;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One version of a task type's contract and defaults.
 *
 * @param type the task type it describes ({@code [a-zA-Z0-9._-]{1,100}})
 * @param version its semantic version
 * @param label a short human name (defaults to the type)
 * @param description free text, may be empty
 * @param inputSchema JSON Schema the input of a submitted task must satisfy; null: anything
 * @param outputSchema JSON Schema of the result, for documentation; null: not described
 * @param defaults what a submission of this type leaves out
 * @param concurrencyLimit at most this many attempts of the type dispatched at once; null: no limit
 * @param source where it was loaded from (a path, a URL, or {@code api})
 */
public record TaskDefinition(
    String type,
    SemanticVersion version,
    String label,
    String description,
    JsonNode inputSchema,
    JsonNode outputSchema,
    DefinitionDefaults defaults,
    Integer concurrencyLimit,
    String source) {

  public TaskDefinition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    label = label == null || label.isBlank() ? type : label;
    description = description == null ? "" : description;
    defaults = defaults == null ? DefinitionDefaults.NONE : defaults;
  }

  /** The same definition, as loaded from another place. */
  public TaskDefinition withSource(String newSource) {
    return new TaskDefinition(
        type,
        version,
        label,
        description,
        inputSchema,
        outputSchema,
        defaults,
        concurrencyLimit,
        newSource);
  }
}
