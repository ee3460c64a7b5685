package dev.baton.orchestrator.registry;

import dev.baton.orchestrator.task.InvalidSubmissionException;
import dev.baton.orchestrator.task.InvalidSubmissionException.Violation;
import dev.baton.orchestrator.task.SubmissionRules;
import dev.baton.protocol.TaskSubmission;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Applies task definitions to submissions: a submission without {@code version} runs the latest;
 * its input must satisfy the version's {@code inputSchema}; the definition's defaults fill what it
 * leaves out. Types without a definition pass unchanged, unless {@code baton.registry.strict}.
 */
@Component
class DefinitionSubmissionRules implements SubmissionRules {

  private final DefinitionRegistry registry;
  private final boolean strict;

  DefinitionSubmissionRules(DefinitionRegistry registry, RegistryProperties properties) {
    this.registry = registry;
    this.strict = properties.strict();
  }

  @Override
  public TaskSubmission apply(TaskSubmission s) {
    if (!registry.knows(s.type())) {
      if (strict) {
        throw new InvalidSubmissionException(
            "type",
            "no task definition for type '"
                + s.type()
                + "' (baton.registry.strict=true); register one with POST /api/v1/definitions");
      }
      return s;
    }
    var definition = resolve(s.type(), s.version());
    checkInput(definition, s.input());
    var d = definition.defaults();
    return new TaskSubmission(
        s.type(),
        s.input(),
        s.priority() != null ? s.priority() : d.priority(),
        s.timeoutSeconds() != null ? s.timeoutSeconds() : d.timeoutSeconds(),
        s.maxRetries() != null ? s.maxRetries() : d.maxRetries(),
        s.tags(),
        s.idempotencyKey(),
        s.runAt(),
        definition.version().toString(),
        backoff(s.backoff(), d.backoff()));
  }

  private TaskDefinition resolve(String type, String version) {
    if (version == null) {
      return registry.latest(type).orElseThrow();
    }
    if (!SemanticVersion.isValid(version)) {
      throw new InvalidSubmissionException(
          "version", "'" + version + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)");
    }
    return registry
        .find(type, version)
        .orElseThrow(
            () ->
                new InvalidSubmissionException(
                    "version",
                    "type '"
                        + type
                        + "' has no version "
                        + version
                        + "; its versions are "
                        + registry.versions(type)
                        + " (leave version out to run the latest)"));
  }

  private void checkInput(TaskDefinition definition, JsonNode input) {
    if (definition.inputSchema() == null) {
      return;
    }
    var instance = input == null ? JsonNodeFactory.instance.objectNode() : input;
    var violations = JsonSchemas.validate(definition.inputSchema(), instance);
    if (violations.isEmpty()) {
      return;
    }
    throw new InvalidSubmissionException(
        "The input does not match the input schema of %s %s: %d violation(s)."
            .formatted(definition.type(), definition.version(), violations.size()),
        violations.stream()
            .map(
                v ->
                    new Violation(
                        "input" + v.pointer().replace('/', '.'),
                        "/input" + v.pointer(),
                        v.message()))
            .toList());
  }

  private static TaskSubmission.Backoff backoff(
      TaskSubmission.Backoff given, DefinitionDefaults.Backoff defaults) {
    if (defaults == null) {
      return given;
    }
    if (given == null) {
      return new TaskSubmission.Backoff(defaults.initialMs(), defaults.factor(), defaults.maxMs());
    }
    return new TaskSubmission.Backoff(
        given.initialMs() != null ? given.initialMs() : defaults.initialMs(),
        given.factor() != null ? given.factor() : defaults.factor(),
        given.maxMs() != null ? given.maxMs() : defaults.maxMs());
  }
}
