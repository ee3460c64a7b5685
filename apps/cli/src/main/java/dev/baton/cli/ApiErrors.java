package dev.baton.cli;

import tools.jackson.databind.JsonNode;

/** Turns an error answer (usually {@code application/problem+json}) into lines for a person. */
final class ApiErrors {

  private ApiErrors() {}

  /**
   * The problem's {@code detail} (or {@code title}), the status and request, then one line per
   * {@code errors[]} entry: {@code field: message}.
   *
   * @param problem the parsed body, or {@code null} when it was not JSON
   * @param rawBody the body as received, shown (shortened) when it is not a problem
   */
  static String describe(int status, JsonNode problem, String rawBody, String method, String url) {
    var text = new StringBuilder();
    var detail = text(problem, "detail");
    if (detail == null) {
      detail = text(problem, "title");
    }
    if (detail == null) {
      detail = rawBody == null || rawBody.isBlank() ? "(no details)" : shorten(rawBody.strip());
    }
    text.append(detail).append(" (HTTP ").append(status).append(" from ").append(method);
    text.append(' ').append(url).append(')');
    if (problem != null && problem.path("errors").isArray()) {
      for (var error : problem.path("errors")) {
        var field = text(error, "field");
        var message = text(error, "message");
        text.append("\n  ").append(field == null ? "(request)" : field).append(": ");
        text.append(message == null ? error.toString() : message);
      }
    }
    return text.toString();
  }

  private static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    var value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String shorten(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
