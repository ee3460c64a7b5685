package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated from the OpenAPI document: malformed values at every parameter of every operation (bad
 * percent-encoding, wrong types, huge and empty values, unknown enum values, bad UUIDs and
 * instants), malformed headers, and malformed bodies where an operation takes one, all sent byte
 * for byte over a raw socket. No answer may be a 5xx; every error is {@code application/
 * problem+json}; a value that breaks its parameter's declared schema, or its percent-encoding, is a
 * {@code 400} naming that parameter in {@code errors[].field}.
 */
class MalformedParametersIT extends OrchestratorIT {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** What an answer must be. */
  enum Expect {
    /** 400 problem+json naming the parameter. */
    NAMED,
    /** A 4xx problem+json: refused before any parameter is known (the container's limits). */
    REFUSED,
    /** Anything but a 5xx; a 4xx must be problem+json. */
    SURVIVES
  }

  /**
   * One malformed value: how it is shown, its text (null: it has none), how it goes on the wire
   * (null: percent-encoded from the text), and what it always gets whatever the parameter (null:
   * what the parameter's schema says).
   */
  record Malformation(String label, String decoded, String raw, Expect always) {
    static Malformation value(String label, String decoded) {
      return new Malformation(label, decoded, null, null);
    }

    /** Not valid percent-encoded UTF-8: refused, naming the parameter. */
    static Malformation encoding(String label, String raw) {
      return new Malformation(label, null, raw, Expect.NAMED);
    }

    /** Not even a valid request target: Tomcat refuses it before any parameter is known. */
    static Malformation unreadable(String label, String raw) {
      return new Malformation(label, null, raw, Expect.REFUSED);
    }
  }

  private static final List<Malformation> VALUES =
      List.of(
          Malformation.encoding("%%%garbage", "%%%garbage"),
          Malformation.encoding("%zz", "%zz"),
          Malformation.encoding("lone %", "%"),
          Malformation.encoding("trailing %", "abc%"),
          Malformation.encoding("%ff (not UTF-8)", "%ff"),
          Malformation.encoding("%C3%28 (bad UTF-8)", "%C3%28"),
          Malformation.value("empty", ""),
          Malformation.value("abc", "abc"),
          Malformation.value("1.5", "1.5"),
          Malformation.value("huge number", "99999999999999999999"),
          Malformation.value("-1", "-1"),
          Malformation.value("0", "0"),
          Malformation.value("unknown enum", "NOT_A_VALUE"),
          Malformation.value("bad UUID", "00000000-0000-0000-0000-00000000000g"),
          Malformation.value("bad instant", "2025-13-45T99:99:99Z"),
          Malformation.value("far instant", "+1000000000-01-01T00:00:00Z"),
          Malformation.value("NUL", "a\u0000b"),
          Malformation.value("unicode", "\u00e9\u2603\ud83d\ude00"),
          Malformation.unreadable("raw UTF-8 bytes", "\u00e9"),
          Malformation.unreadable("raw space", "a b"),
          Malformation.unreadable("raw braces", "{x}"),
          Malformation.value("4000 chars", "x".repeat(4000)));

  /** Longer than Tomcat's 8 KB request head: refused before the application sees it. */
  private static final String OVERSIZE = "x".repeat(10_000);

  private RawHttp http;
  private JsonNode doc;
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Map<String, String>> table = new LinkedHashMap<>();

  @BeforeEach
  void readDocument() {
    http = new RawHttp(port);
    doc = getJson("/v3/api-docs");
  }

  @Test
  void garbageCursorIsA400NamingCursorInsteadOfA500() {
    var response = http.send("GET", "/api/v1/tasks?cursor=%%%garbage", Map.of(), null);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response)).containsExactly("cursor");
  }

  @Test
  void malformedParametersAreNamedInA400AndNeverA5xx() {
    int tried = 0;
    for (var operation : operations()) {
      for (var parameter : operation.parameters()) {
        for (var malformation : VALUES) {
          tried += tryParameter(operation, parameter, malformation);
        }
        tried += tryOversize(operation, parameter);
      }
      tried += tryUndeclaredParameters(operation);
    }
    printTable("parameters", tried);
    assertThat(tried).isGreaterThan(300);
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  @Test
  void malformedHeadersAndBodiesAreProblemsAndNeverA5xx() {
    int tried = 0;
    for (var operation : operations()) {
      var path = operation.samplePath(Map.of());
      var body = operation.placeholderBody();
      for (var header :
          List.of(
              Map.of("X-API-Key", "%%%garbage"),
              Map.of("X-API-Key", "x".repeat(4000)),
              Map.of("Authorization", "Bearer " + OVERSIZE),
              Map.of("Authorization", "Bearer"),
              Map.of("Content-Type", "application/json; charset=nope"),
              Map.of("Content-Type", "not a media type"))) {
        var name = header.keySet().iterator().next();
        var label = name + ": " + RawHttp.abbreviated(header.get(name));
        tried++;
        check(operation, name, label, Expect.SURVIVES, send(operation, path, header, body));
      }
      if (operation.body() != null) {
        for (var bad : malformedBodies(operation.body())) {
          tried++;
          check(
              operation,
              "body",
              bad.getKey(),
              Expect.SURVIVES,
              send(operation, path, Map.of("Content-Type", "application/json"), bad.getValue()));
        }
      }
    }
    printTable("headers and bodies", tried);
    assertThat(tried).isGreaterThan(100);
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  // --- the cases

  private int tryParameter(Operation operation, Parameter parameter, Malformation malformation) {
    Expect expect;
    if (malformation.always() != null) {
      expect = malformation.always();
    } else if (parameter.in().equals("path") && malformation.decoded().isEmpty()) {
      expect = Expect.SURVIVES; // an empty segment is another path, answered as such
    } else {
      expect = parameter.isViolatedBy(malformation.decoded()) ? Expect.NAMED : Expect.SURVIVES;
    }
    var raw =
        malformation.raw() != null
            ? malformation.raw()
            : parameter.in().equals("path")
                ? pathEncoded(malformation.decoded())
                : URLEncoder.encode(malformation.decoded(), StandardCharsets.UTF_8);
    var response =
        switch (parameter.in()) {
          case "path" ->
              send(
                  operation,
                  operation.samplePath(Map.of(parameter.name(), raw)),
                  Map.of(),
                  operation.placeholderBody());
          case "query" ->
              send(
                  operation,
                  operation.samplePath(Map.of()) + "?" + parameter.name() + "=" + raw,
                  Map.of(),
                  operation.placeholderBody());
          case "header" ->
              send(
                  operation,
                  operation.samplePath(Map.of()),
                  Map.of(parameter.name(), raw),
                  operation.placeholderBody());
          default -> null;
        };
    if (response == null) {
      return 0;
    }
    check(operation, parameter, malformation.label(), expect, response);
    return 1;
  }

  private int tryOversize(Operation operation, Parameter parameter) {
    if (!parameter.in().equals("query") && !parameter.in().equals("path")) {
      return 0;
    }
    var path =
        parameter.in().equals("path")
            ? operation.samplePath(Map.of(parameter.name(), OVERSIZE))
            : operation.samplePath(Map.of()) + "?" + parameter.name() + "=" + OVERSIZE;
    check(
        operation,
        parameter,
        "10000 chars",
        Expect.REFUSED,
        send(operation, path, Map.of(), operation.placeholderBody()));
    return 1;
  }

  /** Parameters no operation declares: badly encoded, and too many of them. */
  private int tryUndeclaredParameters(Operation operation) {
    var path = operation.samplePath(Map.of());
    var body = operation.placeholderBody();
    var junk = new Parameter("junk", "query", NODES.objectNode().put("type", "string"));
    check(
        operation,
        junk,
        "%%%garbage",
        Expect.NAMED,
        send(operation, path + "?junk=%%%garbage", Map.of(), body));
    check(
        operation,
        junk,
        "name %zz",
        Expect.REFUSED,
        send(operation, path + "?%zz=1", Map.of(), body));
    var many = String.join("&", java.util.Collections.nCopies(1001, "junk=1"));
    check(
        operation,
        junk,
        "1001 parameters",
        Expect.SURVIVES,
        send(operation, path + "?" + many, Map.of(), body));
    return 3;
  }

  private static List<Map.Entry<String, byte[]>> malformedBodies(JsonNode example) {
    var bodies = new ArrayList<Map.Entry<String, byte[]>>();
    for (var text : List.of("{", "{\"a\":}", "[1,]", "null", "\"text\"", "42", "{}{}")) {
      bodies.add(Map.entry("body " + text, text.getBytes(StandardCharsets.UTF_8)));
    }
    var invalidUtf8 = new java.io.ByteArrayOutputStream();
    invalidUtf8.writeBytes("{\"type\":\"".getBytes(StandardCharsets.UTF_8));
    invalidUtf8.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
    invalidUtf8.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    bodies.add(Map.entry("body not UTF-8", invalidUtf8.toByteArray()));
    bodies.add(
        Map.entry(
            "body nested 10000 deep",
            ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8)));
    if (example != null && !example.isNull()) {
      bodies.add(
          Map.entry(
              "example with NUL in every string",
              bytes(mapStrings(example, (key, s) -> "a\u0000" + s))));
      bodies.add(
          Map.entry(
              "example with NUL in strings but type",
              bytes(mapStrings(example, (key, s) -> isType(key) ? "t" : s + "\u0000"))));
      bodies.add(
          Map.entry(
              "example with 10000-char strings",
              bytes(mapStrings(example, (key, s) -> isType(key) ? "t" : "y".repeat(10_000)))));
      bodies.add(
          Map.entry(
              "example with huge numbers",
              bytes(mapNumbers(mapStrings(example, (key, s) -> isType(key) ? "t" : s)))));
    }
    return bodies;
  }

  // --- sending and checking

  private RawHttp.Response send(
      Operation operation, String target, Map<String, String> headers, byte[] body) {
    var all = new LinkedHashMap<String, String>(headers);
    if (body != null && !all.containsKey("Content-Type")) {
      all.put("Content-Type", "application/json");
    }
    return http.send(operation.method(), target, all, body);
  }

  private void check(
      Operation operation,
      Parameter parameter,
      String label,
      Expect expect,
      RawHttp.Response response) {
    var names = new TreeSet<String>(Set.of(parameter.name()));
    if (parameter.in().equals("path")) {
      names.add("path"); // the container refuses a malformed path before any variable is known
    }
    check(operation, parameter.name(), names, label, expect, response);
  }

  private void check(
      Operation operation, String subject, String label, Expect expect, RawHttp.Response r) {
    check(operation, subject, Set.of(subject), label, expect, r);
  }

  private void check(
      Operation operation,
      String subject,
      Set<String> names,
      String label,
      Expect expect,
      RawHttp.Response response) {
    var fields = fields(response);
    table
        .computeIfAbsent(operation.name() + " | " + subject, k -> new LinkedHashMap<>())
        .put(label, response.status() + (fields.isEmpty() ? "" : " " + fields));
    var problem = problems(expect, names, response, fields);
    if (problem != null) {
      failures.add(
          operation.name()
              + " "
              + subject
              + " = "
              + label
              + " (expected "
              + expect
              + "): "
              + problem
              + "; got "
              + response.status()
              + " "
              + response.contentType()
              + " "
              + RawHttp.abbreviated(response.body().replace('\n', ' ')));
    }
  }

  private static String problems(
      Expect expect, Set<String> names, RawHttp.Response response, List<String> fields) {
    int status = response.status();
    if (status >= 500) {
      return "a server error";
    }
    boolean problemJson = response.contentType().startsWith("application/problem+json");
    if (status >= 400 && !problemJson) {
      return "an error that is not application/problem+json";
    }
    return switch (expect) {
      case NAMED -> {
        if (status != 400) {
          yield "not a 400";
        }
        yield fields.stream().anyMatch(names::contains) ? null : "errors[].field names " + names;
      }
      case REFUSED -> status >= 400 ? null : "not refused";
      case SURVIVES -> null;
    };
  }

  private static List<String> fields(RawHttp.Response response) {
    var fields = new ArrayList<String>();
    if (!response.contentType().contains("json")) {
      return fields;
    }
    try {
      var errors = JSON.readTree(response.body()).get("errors");
      if (errors != null && errors.isArray()) {
        errors.forEach(e -> fields.add(e.path("field").asString()));
      }
    } catch (RuntimeException notJson) {
      fields.add("<not JSON>");
    }
    return fields;
  }

  private void printTable(String what, int tried) {
    var out = new StringBuilder("\nMalformed " + what + ": " + tried + " requests\n");
    out.append("| operation | parameter | tried → status [fields] |\n|---|---|---|\n");
    table.forEach(
        (row, answers) -> {
          out.append("| ").append(row).append(" | ");
          answers.forEach(
              (label, answer) -> out.append(label).append(" → ").append(answer).append("; "));
          out.append("|\n");
        });
    System.out.println(out);
  }

  // --- reading the document

  /** One operation of the document. */
  record Operation(String method, String path, List<Parameter> parameters, JsonNode body) {
    String name() {
      return method + " " + path;
    }

    /** The path with every variable filled: a valid sample, or the given raw text. */
    String samplePath(Map<String, String> raw) {
      var filled = path;
      for (var p : parameters) {
        if (p.in().equals("path")) {
          var value = raw.getOrDefault(p.name(), p.sample());
          filled = filled.replace("{" + p.name() + "}", value);
        }
      }
      return filled;
    }

    /**
     * A body that is no fault of its own where the parameters are under test: an empty array or
     * object (an example could create tasks).
     */
    byte[] placeholderBody() {
      if (body == null) {
        return null;
      }
      return (body.isArray() ? "[]" : "{}").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** One parameter and its schema. */
  record Parameter(String name, String in, JsonNode schema) {
    String sample() {
      return "uuid".equals(schema.path("format").asString("")) ? UUID.randomUUID().toString() : "x";
    }

    /** Whether a value breaks the declared schema (so the server must refuse it, naming this). */
    boolean isViolatedBy(String value) {
      var s = schema.has("items") ? schema.get("items") : schema;
      var type = s.path("type").asString("");
      if (s.has("enum")) {
        var allowed = new TreeSet<String>();
        s.get("enum").forEach(e -> allowed.add(e.asString()));
        return !allowed.contains(value);
      }
      return switch (type) {
        case "integer" -> !integerFits(s, value);
        case "number" -> !value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
        case "boolean" -> !value.equals("true") && !value.equals("false");
        case "string" -> !stringFits(s, value);
        default -> false;
      };
    }

    private static boolean integerFits(JsonNode s, String value) {
      if (!value.matches("-?\\d{1,18}")) {
        return false;
      }
      long n = Long.parseLong(value);
      if ("int32".equals(s.path("format").asString("")) && n != (int) n) {
        return false;
      }
      return (!s.has("minimum") || n >= s.get("minimum").asLong())
          && (!s.has("maximum") || n <= s.get("maximum").asLong());
    }

    private static boolean stringFits(JsonNode s, String value) {
      if (s.has("minLength") && value.length() < s.get("minLength").asInt()) {
        return false;
      }
      if (s.has("maxLength") && value.length() > s.get("maxLength").asInt()) {
        return false;
      }
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asString()).matcher(value).find()) {
        return false;
      }
      return switch (s.path("format").asString("")) {
        case "uuid" -> UUID_TEXT.matcher(value).matches();
        case "date-time" -> isInstant(value);
        default -> true;
      };
    }

    private static boolean isInstant(String value) {
      try {
        Instant.parse(value);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
  }

  private List<Operation> operations() {
    var operations = new ArrayList<Operation>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          var parameters = new ArrayList<Parameter>();
                          op.getValue()
                              .path("parameters")
                              .forEach(
                                  p ->
                                      parameters.add(
                                          new Parameter(
                                              p.get("name").asString(),
                                              p.get("in").asString(),
                                              resolve(p.path("schema")))));
                          var body = op.getValue().get("requestBody");
                          operations.add(
                              new Operation(
                                  op.getKey().toUpperCase(Locale.ROOT),
                                  path.getKey(),
                                  parameters,
                                  body == null ? null : exampleOf(body)));
                        }));
    assertThat(operations).hasSizeGreaterThan(20);
    return operations;
  }

  private JsonNode resolve(JsonNode schema) {
    var ref = schema.path("$ref").asString("");
    if (ref.startsWith("#/components/schemas/")) {
      return doc.get("components")
          .get("schemas")
          .get(ref.substring("#/components/schemas/".length()));
    }
    return schema;
  }

  /** The body's example, or an empty object: never null for an operation that takes a body. */
  private static JsonNode exampleOf(JsonNode requestBody) {
    var example = requestBody.path("content").path("application/json").get("example");
    return example == null ? NODES.objectNode() : example;
  }

  // --- small helpers

  private static boolean isType(String key) {
    return "type".equals(key) || "types".equals(key);
  }

  private static JsonNode mapStrings(
      JsonNode node, java.util.function.BinaryOperator<String> change) {
    return mapStrings(node, null, change);
  }

  private static JsonNode mapStrings(
      JsonNode node, String key, java.util.function.BinaryOperator<String> change) {
    if (node.isString()) {
      return NODES.stringNode(change.apply(key, node.asString()));
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(mapStrings(item, key, change)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      node.properties()
          .forEach(e -> copy.set(e.getKey(), mapStrings(e.getValue(), e.getKey(), change)));
      return copy;
    }
    return node;
  }

  private static JsonNode mapNumbers(JsonNode node) {
    if (node.isNumber()) {
      return NODES.numberNode(new java.math.BigInteger("99999999999999999999999999"));
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(item -> copy.add(mapNumbers(item)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      node.properties().forEach(e -> copy.set(e.getKey(), mapNumbers(e.getValue())));
      return copy;
    }
    return node;
  }

  private static byte[] bytes(JsonNode node) {
    return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
  }

  /** Percent-encodes all but the unreserved characters of RFC 3986, as UTF-8. */
  private static String pathEncoded(String value) {
    var out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }
}
