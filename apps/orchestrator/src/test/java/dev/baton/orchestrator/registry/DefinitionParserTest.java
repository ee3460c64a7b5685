package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {

  private static final String FILE = "defs/sha256/definition.yaml";

  private static TaskDefinition parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private static TaskDefinition parse(String yaml, Map<String, String> files) {
    Function<String, Optional<byte[]>> resolver =
        name -> Optional.ofNullable(files.get(name)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    return DefinitionParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "src", FILE, resolver);
  }

  private static DefinitionException failure(String yaml) {
    return failure(yaml, Map.of());
  }

  private static DefinitionException failure(String yaml, Map<String, String> files) {
    try {
      parse(yaml, files);
    } catch (DefinitionException e) {
      return e;
    }
    throw new AssertionError("expected a DefinitionException");
  }

  @Test
  void readsEveryField() {
    var d =
        parse(
            """
            type: sha256
            version: 1.2.0
            label: SHA-256 digest
            description: Hex digest of a text.
            inputSchema: input.schema.json
            outputSchema: { type: object }
            defaults:
              timeoutSeconds: 30
              maxRetries: 2
              priority: 5
              backoff: { initialMs: 500, factor: 2.5, maxMs: 10000 }
            concurrencyLimit: 2
            """,
            Map.of("input.schema.json", "{\"type\": \"object\", \"required\": [\"text\"]}"));

    assertThat(d.type()).isEqualTo("sha256");
    assertThat(d.version()).isEqualTo(SemanticVersion.parse("1.2.0"));
    assertThat(d.label()).isEqualTo("SHA-256 digest");
    assertThat(d.description()).isEqualTo("Hex digest of a text.");
    assertThat(d.inputSchema().get("required").get(0).stringValue()).isEqualTo("text");
    assertThat(d.outputSchema().get("type").stringValue()).isEqualTo("object");
    assertThat(d.defaults())
        .isEqualTo(
            new DefinitionDefaults(30, 2, 5, new DefinitionDefaults.Backoff(500L, 2.5, 10000L)));
    assertThat(d.concurrencyLimit()).isEqualTo(2);
    assertThat(d.source()).isEqualTo("src");
  }

  @Test
  void onlyTypeAndVersionAreRequired() {
    var d = parse("type: echo\nversion: 1.0.0\n");

    assertThat(d.label()).isEqualTo("echo");
    assertThat(d.description()).isEmpty();
    assertThat(d.inputSchema()).isNull();
    assertThat(d.outputSchema()).isNull();
    assertThat(d.defaults()).isEqualTo(DefinitionDefaults.NONE);
    assertThat(d.concurrencyLimit()).isNull();
  }

  @Test
  void readsJsonDocuments() {
    var d =
        DefinitionParser.parse(
            "{\"type\": \"echo\", \"version\": \"2.0.0\", \"inputSchema\": true}"
                .getBytes(StandardCharsets.UTF_8),
            "src",
            "echo/definition.json",
            name -> Optional.empty());

    assertThat(d.version()).hasToString("2.0.0");
    assertThat(d.inputSchema().booleanValue()).isTrue();
  }

  @Test
  void schemaFilesMayBeYaml() {
    var d =
        parse(
            "type: sleep\nversion: 1.0.0\ninputSchema: input.schema.yaml\n",
            Map.of("input.schema.yaml", "type: object\nrequired: [ms]\n"));

    assertThat(d.inputSchema().get("required").get(0).stringValue()).isEqualTo("ms");
  }

  @Test
  void partialDefaultsLeaveTheRestNull() {
    var d = parse("type: fail\nversion: 1.0.0\ndefaults: { backoff: { initialMs: 100 } }\n");

    assertThat(d.defaults())
        .isEqualTo(
            new DefinitionDefaults(
                null, null, null, new DefinitionDefaults.Backoff(100L, null, null)));
  }

  @Test
  void missingTypeAndVersionAreBothNamed() {
    var e = failure("label: nothing else\n");

    assertThat(e.problems()).containsExactly("type is required", "version is required");
    assertThat(e.getMessage()).startsWith(FILE + ": 2 problems: type is required");
    assertThat(e.location()).isEqualTo(FILE);
  }

  @Test
  void unknownFieldsAreErrorsNotIgnored() {
    var e =
        failure(
            """
            type: echo
            version: 1.0.0
            inputSchem: { type: object }
            defaults: { timeout: 3, backoff: { max: 4 } }
            """);

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("unknown field 'inputSchem'"))
        .anySatisfy(p -> assertThat(p).startsWith("unknown field 'defaults.timeout'"))
        .anySatisfy(p -> assertThat(p).startsWith("unknown field 'defaults.backoff.max'"))
        .hasSize(3);
  }

  @Test
  void badTypeAndVersionAreNamed() {
    var e = failure("type: 'has space'\nversion: one.two\n");

    assertThat(e.problems())
        .containsExactly(
            "type 'has space' must be 1 to 100 letters, digits, '.', '_' or '-'",
            "version 'one.two' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)");
  }

  @Test
  void fieldsOfTheWrongKindAreNamed() {
    var e = failure("type: [a]\nversion: 1.0.0\nlabel: 3\ndefaults: 5\nconcurrencyLimit: two\n");

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "type must be text, got [\"a\"]",
            "label must be text, got 3",
            "defaults must be a mapping of fields, got 5",
            "concurrencyLimit must be a whole number from 1 to 2147483647, got 'two'");
  }

  @Test
  void everyLimitIsChecked() {
    var e =
        failure(
            """
            type: t
            version: 1.0.0
            defaults:
              timeoutSeconds: 0
              maxRetries: 101
              priority: 10
              backoff: { initialMs: -1, factor: 0.5, maxMs: 86400001 }
            concurrencyLimit: 0
            """);

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "defaults.timeoutSeconds must be a whole number from 1 to 86400, got 0",
            "defaults.maxRetries must be a whole number from 0 to 100, got 101",
            "defaults.priority must be a whole number from 0 to 9, got 10",
            "defaults.backoff.initialMs must be a whole number from 0 to 86400000, got -1",
            "defaults.backoff.factor must be a number from 1 to 10, got 0.5",
            "defaults.backoff.maxMs must be a whole number from 0 to 86400000, got 86400001",
            "concurrencyLimit must be a whole number from 1 to 2147483647, got 0");
  }

  @Test
  void backoffMaximumBelowItsStartIsAnError() {
    var e =
        failure("type: t\nversion: 1.0.0\ndefaults: { backoff: { initialMs: 500, maxMs: 100 } }\n");

    assertThat(e.problems())
        .containsExactly(
            "defaults.backoff.maxMs (100) must not be below defaults.backoff.initialMs (500)");
  }

  @Test
  void fractionalWholeNumbersAreRejected() {
    var e = failure("type: t\nversion: 1.0.0\ndefaults: { maxRetries: 1.5 }\n");

    assertThat(e.problems()).singleElement().asString().startsWith("defaults.maxRetries");
  }

  @Test
  void missingSchemaFileIsNamed() {
    var e = failure("type: t\nversion: 1.0.0\ninputSchema: input.schema.json\n");

    assertThat(e.problems())
        .containsExactly("inputSchema: file 'input.schema.json' not found next to the definition");
  }

  @Test
  void unreadableSchemaFileIsNamed() {
    Function<String, Optional<byte[]>> failing =
        name -> {
          throw new UncheckedIOException(new java.io.IOException("HTTP 500 from " + name));
        };
    assertThatThrownBy(
            () ->
                DefinitionParser.parse(
                    "type: t\nversion: 1.0.0\noutputSchema: out.json\n".getBytes(),
                    "src",
                    FILE,
                    failing))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("outputSchema (file 'out.json')")
        .hasMessageContaining("HTTP 500 from out.json");
  }

  @Test
  void schemaFileWithBadSyntaxIsNamed() {
    var e =
        failure(
            "type: t\nversion: 1.0.0\ninputSchema: input.schema.json\n",
            Map.of("input.schema.json", "{\"type\": "));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("inputSchema (file 'input.schema.json'): not valid JSON");
  }

  @Test
  void invalidInlineSchemaIsNamed() {
    var e = failure("type: t\nversion: 1.0.0\noutputSchema: { type: strin }\n");

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("outputSchema: not a valid JSON Schema: /type");
  }

  @Test
  void schemaThatIsANumberIsRejected() {
    var e = failure("type: t\nversion: 1.0.0\ninputSchema: 5\n");

    assertThat(e.problems())
        .containsExactly("inputSchema: a JSON Schema must be an object or a boolean, not number");
  }

  @Test
  void syntaxErrorsSayWhere() {
    var e = failure("type: t\nversion: [1.0.0\n");

    assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML at line");
  }

  @Test
  void duplicateKeysAreRejected() {
    var e = failure("type: t\nversion: 1.0.0\ntype: u\n");

    assertThat(e.problems()).singleElement().asString().contains("type");
  }

  @Test
  void emptyAndNonMappingDocumentsAreRejected() {
    assertThat(failure("").problems()).containsExactly("the document is empty");
    assertThat(failure("- a\n- b\n").problems())
        .singleElement()
        .asString()
        .startsWith("a definition must be a mapping of fields");
  }

  @Test
  void definitionFileNamesAreKnown() {
    assertThat(DefinitionParser.isDefinitionFile("definition.yml")).isTrue();
    assertThat(DefinitionParser.isDefinitionFile("definition.json")).isTrue();
    assertThat(DefinitionParser.isDefinitionFile("input.schema.json")).isFalse();
  }
}
