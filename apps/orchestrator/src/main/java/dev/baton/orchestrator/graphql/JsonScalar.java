package dev.baton.orchestrator.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code JSON} scalar: any JSON value. Out, a Jackson {@link JsonNode} (or a plain map, list,
 * string, number, boolean) becomes plain Java values, so the response writer needs no Jackson
 * module of ours; in, variables and literals become a {@link JsonNode}.
 */
final class JsonScalar implements Coercing<Object, Object> {

  static final GraphQLScalarType TYPE =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .description("Any JSON value")
          .coercing(new JsonScalar())
          .build();

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public Object serialize(Object value, GraphQLContext context, Locale locale) {
    if (!(value instanceof JsonNode node)) {
      return value;
    }
    try {
      return MAPPER.treeToValue(node, Object.class);
    } catch (JacksonException e) {
      throw new CoercingSerializeException("not a JSON value: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public Object parseValue(Object input, GraphQLContext context, Locale locale) {
    try {
      return MAPPER.valueToTree(input);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new CoercingParseValueException("not a JSON value: " + e.getMessage(), e);
    }
  }

  @Override
  public Object parseLiteral(
      Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    return toNode(input, variables);
  }

  // Java 17: no pattern matching for switch yet, so a chain of instanceof.
  private static JsonNode toNode(Value<?> value, CoercedVariables variables) {
    if (value instanceof NullValue) {
      return NODES.nullNode();
    } else if (value instanceof StringValue s) {
      return NODES.stringNode(s.getValue());
    } else if (value instanceof BooleanValue b) {
      return NODES.booleanNode(b.isValue());
    } else if (value instanceof IntValue i) {
      return integer(i.getValue());
    } else if (value instanceof FloatValue f) {
      // As Jackson reads a JSON number with a fraction by default, so both ways give equal trees.
      return NODES.numberNode(f.getValue().doubleValue());
    } else if (value instanceof EnumValue e) {
      // Enum literals have no JSON form of their own; their name is the nearest thing.
      return NODES.stringNode(e.getName());
    } else if (value instanceof ArrayValue a) {
      ArrayNode array = NODES.arrayNode();
      a.getValues().forEach(v -> array.add(toNode(v, variables)));
      return array;
    } else if (value instanceof ObjectValue o) {
      ObjectNode object = NODES.objectNode();
      o.getObjectFields().forEach(f -> object.set(f.getName(), toNode(f.getValue(), variables)));
      return object;
    } else if (value instanceof VariableReference r) {
      return MAPPER.valueToTree(variables.get(r.getName()));
    }
    throw new CoercingParseLiteralException(
        "not a JSON value: " + value.getClass().getSimpleName());
  }

  /** The smallest node that holds the value, as Jackson reads a JSON integer. */
  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return NODES.numberNode(value.intValue());
    }
    return value.bitLength() < Long.SIZE
        ? NODES.numberNode(value.longValue())
        : NODES.numberNode(value);
  }
}
