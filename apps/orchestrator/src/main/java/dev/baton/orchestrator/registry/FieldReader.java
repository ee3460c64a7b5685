package dev.baton.orchestrator.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields of a document while collecting every problem, so one pass reports all that is
 * wrong with a definition instead of the first thing only. A field that is wrong reads as null.
 */
final class FieldReader {

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  void problem(String message) {
    problems.add(message);
  }

  /** Reports every key of {@code object} not in {@code allowed}: typos must not pass silently. */
  void onlyKnownKeys(JsonNode object, String prefix, Set<String> allowed) {
    for (var key : object.propertyNames()) {
      if (!allowed.contains(key)) {
        problem(
            "unknown field '%s%s' (known: %s)"
                .formatted(prefix, key, String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  JsonNode object(JsonNode parent, String prefix, String field) {
    var node = present(parent, field);
    if (node != null && !node.isObject()) {
      problem("%s%s must be a mapping of fields, got %s".formatted(prefix, field, show(node)));
      return null;
    }
    return node;
  }

  String string(JsonNode parent, String field, boolean required) {
    var node = present(parent, field);
    if (node == null) {
      if (required) {
        problem("%s is required".formatted(field));
      }
      return null;
    }
    if (!node.isString()) {
      problem("%s must be text, got %s".formatted(field, show(node)));
      return null;
    }
    return node.stringValue();
  }

  Long integer(JsonNode parent, String prefix, String field, long min, long max) {
    var node = present(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToLong()
        || outside(node.longValue(), min, max)) {
      problem(
          "%s%s must be a whole number from %d to %d, got %s"
              .formatted(prefix, field, min, max, show(node)));
      return null;
    }
    return node.longValue();
  }

  Double number(JsonNode parent, String prefix, String field, double min, double max) {
    var node = present(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isNumber() || node.doubleValue() < min || node.doubleValue() > max) {
      problem(
          "%s%s must be a number from %s to %s, got %s"
              .formatted(prefix, field, plain(min), plain(max), show(node)));
      return null;
    }
    return node.doubleValue();
  }

  /** The field's value; null when absent or null (YAML {@code field:} with nothing after it). */
  private static JsonNode present(JsonNode parent, String field) {
    var node = parent.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static boolean outside(long value, long min, long max) {
    return value < min || value > max;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String show(JsonNode node) {
    var text = node.isString() ? "'" + node.stringValue() + "'" : node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
