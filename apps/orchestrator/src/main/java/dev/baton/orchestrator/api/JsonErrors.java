package dev.baton.orchestrator.api;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what a JSON value of the wrong type should have been ("must be an integer"), instead of
 * Jackson's message, which names Java types and Jackson settings that a client cannot act on.
 */
final class JsonErrors {

  private JsonErrors() {}

  static String message(JacksonException e) {
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      var expected = expected(mismatch.getTargetType());
      if (expected != null) {
        return expected;
      }
    }
    return e.getOriginalMessage();
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "must be a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "must be an integer";
    }
    if (type == Double.class || type == double.class || Number.class.isAssignableFrom(type)) {
      return "must be a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be a JSON array";
    }
    if (JsonNode.class.isAssignableFrom(type)) {
      return null;
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "must be a JSON object";
    }
    return null;
  }
}
