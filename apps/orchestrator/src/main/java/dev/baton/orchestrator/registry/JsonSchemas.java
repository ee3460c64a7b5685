package dev.baton.orchestrator.registry;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks JSON Schemas and validates documents against them. A schema's {@code $schema} picks the
 * draft (4, 6, 7, 2019-09 or 2020-12); without one it is draft 2020-12. Compiled schemas are cached
 * by content, so validating many inputs against one definition's schema compiles it once.
 * Thread-safe.
 */
public final class JsonSchemas {

  /** One way an instance breaks a schema. */
  public record Violation(String pointer, String message) {}

  private static final SpecificationVersion DEFAULT_DRAFT = SpecificationVersion.DRAFT_2020_12;

  // Never fetch over the network: a $ref to a remote URL would make loading a definition (and
  // validating a task) depend on, and leak requests to, another host. Meta-schemas are bundled.
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          DEFAULT_DRAFT, b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));

  // Bounded crudely: definitions hold few schemas, and a reload may bring new ones.
  private static final int CACHE_LIMIT = 1_000;
  private static final Map<JsonNode, Schema> compiled = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /**
   * Checks that {@code schema} is a JSON Schema: an object or a boolean, of a known draft, valid
   * against that draft's meta-schema, and compilable.
   *
   * @throws IllegalArgumentException with a message fit for a user when it is not
   */
  public static void checkSchema(JsonNode schema) {
    compile(schema);
  }

  /**
   * Every way {@code instance} breaks {@code schema}; empty when it satisfies it.
   *
   * @throws IllegalArgumentException when {@code schema} is not a valid JSON Schema
   */
  public static List<Violation> validate(JsonNode schema, JsonNode instance) {
    return compile(schema).validate(instance).stream().map(JsonSchemas::violation).toList();
  }

  private static Schema compile(JsonNode schema) {
    var cached = compiled.get(schema);
    if (cached != null) {
      return cached;
    }
    var fresh = compileUncached(schema);
    if (compiled.size() >= CACHE_LIMIT) {
      compiled.clear();
    }
    compiled.put(schema.deepCopy(), fresh);
    return fresh;
  }

  private static Schema compileUncached(JsonNode schema) {
    if (schema == null || !(schema.isObject() || schema.isBoolean())) {
      throw new IllegalArgumentException(
          "a JSON Schema must be an object or a boolean, not "
              + (schema == null ? "nothing" : schema.getNodeType().toString().toLowerCase()));
    }
    var draft = draftOf(schema);
    var problems =
        REGISTRY.getSchema(SchemaLocation.of(draft.getDialectId())).validate(schema).stream()
            .map(JsonSchemas::violation)
            .toList();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("not a valid JSON Schema: " + describe(problems));
    }
    try {
      var compiledSchema = REGISTRY.getSchema(schema);
      compiledSchema.initializeValidators(); // resolves $refs now rather than at first use
      return compiledSchema;
    } catch (SchemaException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid JSON Schema: " + reason(e), e);
    }
  }

  private static String reason(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof FileNotFoundException) {
      return "cannot resolve the reference "
          + root.getMessage()
          + " (schemas are never fetched over the network: put it in $defs and refer to"
          + " #/$defs/...)";
    }
    return root == e || root.getMessage() == null ? e.getMessage() : root.getMessage();
  }

  private static SpecificationVersion draftOf(JsonNode schema) {
    var declared = schema.isObject() ? schema.get("$schema") : null;
    if (declared == null) {
      return DEFAULT_DRAFT;
    }
    if (!declared.isString()) {
      throw new IllegalArgumentException("not a valid JSON Schema: $schema must be a string");
    }
    return SpecificationVersion.fromDialectId(declared.stringValue())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported $schema '"
                        + declared.stringValue()
                        + "': use draft 2020-12 (https://json-schema.org/draft/2020-12/schema),"
                        + " 2019-09, 7, 6 or 4, or leave $schema out"));
  }

  /** Joins violations into one sentence-like text for an error message. */
  public static String describe(List<Violation> violations) {
    var s = new StringBuilder();
    for (var v : violations) {
      if (!s.isEmpty()) {
        s.append("; ");
      }
      s.append(v.pointer().isEmpty() ? "(root)" : v.pointer()).append(": ").append(v.message());
    }
    return s.toString();
  }

  private static Violation violation(Error e) {
    var pointer = pointer(e.getInstanceLocation());
    return new Violation(pointer, e.getMessage());
  }

  /** RFC 6901 pointer, built from the path's elements so the library's path style does not leak. */
  static String pointer(NodePath path) {
    var s = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      var element = String.valueOf(path.getElement(i));
      s.append('/').append(element.replace("~", "~0").replace("/", "~1"));
    }
    return s.toString();
  }
}
