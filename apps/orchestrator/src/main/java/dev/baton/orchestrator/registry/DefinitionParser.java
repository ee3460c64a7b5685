package dev.baton.orchestrator.registry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one definition document (YAML or JSON, see {@code docs/definitions.md}) into a {@link
 * TaskDefinition}. Schemas may be inline or named files next to the document, fetched through a
 * resolver so the same parser serves directories, zip files and HTTP.
 */
public final class DefinitionParser {

  /** The names a definition document may have; a directory holding one is a definition. */
  public static final List<String> FILE_NAMES =
      List.of("definition.yaml", "definition.yml", "definition.json");

  private static final Pattern TYPE = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
  private static final Set<String> FIELDS =
      Set.of(
          "type",
          "version",
          "label",
          "description",
          "inputSchema",
          "outputSchema",
          "defaults",
          "concurrencyLimit");
  private static final Set<String> DEFAULTS_FIELDS =
      Set.of("timeoutSeconds", "maxRetries", "priority", "backoff");
  private static final Set<String> BACKOFF_FIELDS = Set.of("initialMs", "factor", "maxMs");
  private static final long DAY_MS = 86_400_000L;

  // Duplicate keys are rejected: in YAML the second silently wins, hiding a mistake.
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private DefinitionParser() {}

  /** Whether a file of this name is a definition document. */
  public static boolean isDefinitionFile(String fileName) {
    return FILE_NAMES.contains(fileName);
  }

  /**
   * Parses a definition document.
   *
   * @param document the document's bytes (UTF-8 YAML, or JSON when {@code location} ends in {@code
   *     .json})
   * @param source what the definition records as where it came from ({@link
   *     TaskDefinition#source()}), usually the same as {@code location}
   * @param location the document's file, zip entry or URL, named in error messages
   * @param resolver gives the bytes of a file the document refers to by a relative name (empty when
   *     there is no such file); may throw an unchecked exception when it cannot read one
   * @throws DefinitionException listing everything wrong with the document
   */
  public static TaskDefinition parse(
      byte[] document,
      String source,
      String location,
      Function<String, Optional<byte[]>> resolver) {
    JsonNode root;
    try {
      root = readTree(document, location);
    } catch (IllegalArgumentException e) {
      throw new DefinitionException(location, List.of(e.getMessage()));
    }
    if (!root.isObject()) {
      throw new DefinitionException(
          location,
          List.of(
              "a definition must be a mapping of fields (type, version, ...), got "
                  + FieldReader.show(root)));
    }
    var fields = new FieldReader();
    fields.onlyKnownKeys(root, "", FIELDS);
    var type = type(fields.string(root, "type", true), fields);
    var version = version(fields.string(root, "version", true), fields);
    var label = fields.string(root, "label", false);
    var description = fields.string(root, "description", false);
    var inputSchema = schema(root, "inputSchema", resolver, fields);
    var outputSchema = schema(root, "outputSchema", resolver, fields);
    var defaults = defaults(root, fields);
    var limit = fields.integer(root, "", "concurrencyLimit", 1, Integer.MAX_VALUE);
    if (!fields.problems().isEmpty()) {
      throw new DefinitionException(location, fields.problems());
    }
    return new TaskDefinition(
        type,
        version,
        label,
        description,
        inputSchema,
        outputSchema,
        defaults,
        limit == null ? null : limit.intValue(),
        source);
  }

  /**
   * Reads a YAML or JSON document (JSON when the name ends in {@code .json}).
   *
   * @throws IllegalArgumentException saying where the syntax is wrong
   */
  static JsonNode readTree(byte[] bytes, String name) {
    var json = name.toLowerCase().endsWith(".json");
    try {
      var node = (json ? JSON : YAML).readTree(bytes);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new IllegalArgumentException("the document is empty");
      }
      return node;
    } catch (JacksonException e) {
      var where = e.getLocation();
      var at =
          where == null || where.getLineNr() < 0
              ? ""
              : " at line %d, column %d".formatted(where.getLineNr(), where.getColumnNr());
      throw new IllegalArgumentException(
          "not valid %s%s: %s".formatted(json ? "JSON" : "YAML", at, e.getOriginalMessage()));
    }
  }

  private static String type(String type, FieldReader fields) {
    if (type != null && !TYPE.matcher(type).matches()) {
      fields.problem("type '%s' must be 1 to 100 letters, digits, '.', '_' or '-'".formatted(type));
      return null;
    }
    return type;
  }

  private static SemanticVersion version(String version, FieldReader fields) {
    if (version == null) {
      return null;
    }
    try {
      return SemanticVersion.parse(version);
    } catch (IllegalArgumentException e) {
      fields.problem("version " + e.getMessage());
      return null;
    }
  }

  /** An inline schema (a mapping or a boolean), or the name of a file holding one. */
  private static JsonNode schema(
      JsonNode root,
      String field,
      Function<String, Optional<byte[]>> resolver,
      FieldReader fields) {
    var node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    var what = field;
    if (node.isString()) {
      var file = node.stringValue();
      what = "%s (file '%s')".formatted(field, file);
      try {
        var bytes = resolver.apply(file);
        if (bytes.isEmpty()) {
          fields.problem("%s: file '%s' not found next to the definition".formatted(field, file));
          return null;
        }
        node = readTree(bytes.get(), file);
      } catch (RuntimeException e) { // the resolver could not read it: a problem like any other
        fields.problem("%s: %s".formatted(what, e.getMessage()));
        return null;
      }
    }
    try {
      JsonSchemas.checkSchema(node);
      return node;
    } catch (IllegalArgumentException e) {
      fields.problem("%s: %s".formatted(what, e.getMessage()));
      return null;
    }
  }

  private static DefinitionDefaults defaults(JsonNode root, FieldReader fields) {
    var node = fields.object(root, "", "defaults");
    if (node == null) {
      return DefinitionDefaults.NONE;
    }
    var p = "defaults.";
    fields.onlyKnownKeys(node, p, DEFAULTS_FIELDS);
    var timeout = fields.integer(node, p, "timeoutSeconds", 1, 86_400);
    var retries = fields.integer(node, p, "maxRetries", 0, 100);
    var priority = fields.integer(node, p, "priority", 0, 9);
    return new DefinitionDefaults(
        timeout == null ? null : timeout.intValue(),
        retries == null ? null : retries.intValue(),
        priority == null ? null : priority.intValue(),
        backoff(node, fields));
  }

  private static DefinitionDefaults.Backoff backoff(JsonNode defaults, FieldReader fields) {
    var node = fields.object(defaults, "defaults.", "backoff");
    if (node == null) {
      return null;
    }
    var p = "defaults.backoff.";
    fields.onlyKnownKeys(node, p, BACKOFF_FIELDS);
    var initialMs = fields.integer(node, p, "initialMs", 0, DAY_MS);
    var factor = fields.number(node, p, "factor", 1, 10);
    var maxMs = fields.integer(node, p, "maxMs", 0, DAY_MS);
    if (initialMs != null && maxMs != null && maxMs < initialMs) {
      fields.problem(
          "defaults.backoff.maxMs (%d) must not be below defaults.backoff.initialMs (%d)"
              .formatted(maxMs, initialMs));
    }
    return new DefinitionDefaults.Backoff(initialMs, factor, maxMs);
  }
}
