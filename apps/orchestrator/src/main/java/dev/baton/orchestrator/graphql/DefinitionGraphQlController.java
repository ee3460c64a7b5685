package dev.baton.orchestrator.graphql;

import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.orchestrator.registry.TaskDefinition;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Task definitions, straight from the registry's snapshot. */
@Controller
class DefinitionGraphQlController {

  private final DefinitionRegistry registry;

  DefinitionGraphQlController(DefinitionRegistry registry) {
    this.registry = registry;
  }

  @QueryMapping
  List<TaskDefinition> definitions() {
    return registry.latestOfEach();
  }

  /** Null, not an error, for an unknown type or version: a lookup that finds nothing. */
  @QueryMapping
  TaskDefinition definition(@Argument String type, @Argument String version) {
    var found = version == null ? registry.latest(type) : registry.find(type, version);
    return found.orElse(null);
  }

  @QueryMapping
  List<String> definitionVersions(@Argument String type) {
    return registry.versions(type);
  }

  @SchemaMapping(typeName = "Definition")
  String version(TaskDefinition definition) {
    return definition.version().toString();
  }

  @SchemaMapping(typeName = "Definition")
  List<String> availableVersions(TaskDefinition definition) {
    return registry.versions(definition.type());
  }
}
