package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.orchestrator.registry.JsonSchemas.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonSchemasTest {

  private static final JsonMapper json = JsonMapper.builder().build();

  private static final JsonNode ORDER =
      node(
          """
          {"type": "object", "required": ["text"], "additionalProperties": false,
           "properties": {
             "text": {"type": "string"},
             "count": {"type": "integer", "maximum": 3},
             "items": {"type": "array",
                       "items": {"type": "object", "properties": {"name": {"type": "string"}}}}}}
          """);

  private static JsonNode node(String text) {
    return json.readTree(text);
  }

  @Test
  void validInstanceHasNoViolations() {
    assertThat(JsonSchemas.validate(ORDER, node("{\"text\": \"hi\", \"count\": 2}"))).isEmpty();
  }

  @Test
  void violationsPointAtNestedLocations() {
    var violations =
        JsonSchemas.validate(ORDER, node("{\"text\": \"a\", \"items\": [{\"name\": 5}]}"));

    assertThat(violations).extracting(Violation::pointer).containsExactly("/items/0/name");
    assertThat(violations.get(0).message()).contains("string expected");
  }

  @Test
  void everyViolationIsListedNotJustTheFirst() {
    var violations =
        JsonSchemas.validate(ORDER, node("{\"text\": 1, \"count\": 9, \"extra\": true}"));

    assertThat(violations)
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/text", "/count", "");
    assertThat(violations)
        .filteredOn(v -> v.pointer().isEmpty())
        .singleElement()
        .extracting(Violation::message)
        .asString()
        .contains("extra");
  }

  @Test
  void rootViolationHasTheEmptyPointer() {
    assertThat(JsonSchemas.validate(ORDER, node("[]"))).extracting(Violation::pointer).contains("");
  }

  @Test
  void pointerSegmentsAreEscaped() {
    var schema = node("{\"properties\": {\"a/b~c\": {\"type\": \"string\"}}}");

    assertThat(JsonSchemas.validate(schema, node("{\"a/b~c\": 1}")))
        .extracting(Violation::pointer)
        .containsExactly("/a~1b~0c");
  }

  @Test
  void booleanSchemasAreSchemas() {
    assertThat(JsonSchemas.validate(node("true"), node("{\"any\": 1}"))).isEmpty();
    assertThat(JsonSchemas.validate(node("false"), node("{}"))).hasSize(1);
  }

  @Test
  void declaredDraftIsHonoured() {
    var draft7 =
        node(
            "{\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                + " \"type\": \"object\", \"required\": [\"a\"]}");

    JsonSchemas.checkSchema(draft7);
    assertThat(JsonSchemas.validate(draft7, node("{}"))).hasSize(1);
  }

  @Test
  void schemaThatIsNeitherObjectNorBooleanIsRejected() {
    assertThatThrownBy(() -> JsonSchemas.checkSchema(node("\"object\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an object or a boolean");
  }

  @Test
  void schemaBreakingItsMetaSchemaIsRejectedWithTheFaultyPlace() {
    assertThatThrownBy(
            () -> JsonSchemas.checkSchema(node("{\"type\": \"strin\", \"properties\": 3}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid JSON Schema")
        .hasMessageContaining("/properties")
        .hasMessageContaining("/type");
  }

  @Test
  void schemaWithAnUnresolvableReferenceIsRejected() {
    assertThatThrownBy(() -> JsonSchemas.checkSchema(node("{\"$ref\": \"#/$defs/missing\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void remoteReferencesAreNotFetched() {
    assertThatThrownBy(
            () -> JsonSchemas.checkSchema(node("{\"$ref\": \"https://example.invalid/x.json\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never fetched");
  }

  @Test
  void unknownDraftIsRejected() {
    assertThatThrownBy(
            () -> JsonSchemas.checkSchema(node("{\"$schema\": \"https://example.com/mine\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported $schema");
  }
}
