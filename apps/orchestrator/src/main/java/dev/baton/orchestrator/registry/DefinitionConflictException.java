package dev.baton.orchestrator.registry;

/** A definition of a type and version that is defined already: versions are immutable. */
public class DefinitionConflictException extends RuntimeException {

  DefinitionConflictException(String type, String version, String existingSource) {
    super(
        "%s %s is defined already (from %s); a version never changes: register a new version"
            .formatted(type, version, existingSource));
  }
}
