package dev.baton.orchestrator.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.VariableReference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON scalar: Jackson trees out as plain values, variables and literals in as trees. */
class JsonScalarTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JsonScalar scalar = new JsonScalar();
  private final GraphQLContext context = GraphQLContext.getDefault();

  @Test
  void jsonNodesAreWrittenAsPlainValues() {
    var node = JSON.readTree("{\"a\":[1,2.5,\"x\",true,null],\"b\":{\"c\":\"d\"}}");

    var written = scalar.serialize(node, context, Locale.ROOT);

    assertThat(written).isInstanceOf(Map.class);
    JsonNode tree = JSON.valueToTree(written);
    assertThat(tree).isEqualTo(node);
  }

  @Test
  void plainValuesAreWrittenAsTheyAre() {
    var map = Map.of("k", List.of(1, 2));

    assertThat(scalar.serialize(map, context, Locale.ROOT)).isSameAs(map);
    assertThat(scalar.serialize("text", context, Locale.ROOT)).isEqualTo("text");
  }

  @Test
  void variablesBecomeJsonNodes() {
    var value = scalar.parseValue(Map.of("n", 1, "l", List.of("a")), context, Locale.ROOT);

    assertThat(value).isEqualTo(JSON.readTree("{\"n\":1,\"l\":[\"a\"]}"));
  }

  @Test
  void literalsOfEveryKindBecomeJsonNodes() {
    var literal =
        ObjectValue.newObjectValue()
            .objectField(new ObjectField("s", new StringValue("x")))
            .objectField(new ObjectField("i", new IntValue(BigInteger.valueOf(7))))
            .objectField(new ObjectField("f", new FloatValue(new BigDecimal("2.5"))))
            .objectField(new ObjectField("b", new BooleanValue(true)))
            .objectField(new ObjectField("z", NullValue.of()))
            .objectField(
                new ObjectField(
                    "a",
                    ArrayValue.newArrayValue()
                        .value(new IntValue(BigInteger.ONE))
                        .value(new VariableReference("v"))
                        .build()))
            .build();
    var variables = CoercedVariables.of(Map.of("v", Map.of("k", "w")));

    var node = scalar.parseLiteral(literal, variables, context, Locale.ROOT);

    assertThat(node)
        .isEqualTo(
            JSON.readTree(
                "{\"s\":\"x\",\"i\":7,\"f\":2.5,\"b\":true,\"z\":null,\"a\":[1,{\"k\":\"w\"}]}"));
  }
}
