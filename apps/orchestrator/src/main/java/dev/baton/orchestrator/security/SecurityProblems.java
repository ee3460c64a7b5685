package dev.baton.orchestrator.security;

import dev.baton.orchestrator.ratelimit.RateLimitedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as {@code application/problem+json}, written before any controller runs. They say
 * what to do next, and nothing about the data: a 403 names the roles that may, never whether the
 * resource exists.
 */
final class SecurityProblems {

  static final String CHALLENGE = "Bearer realm=\"baton\"";

  private SecurityProblems() {}

  static AuthenticationEntryPoint unauthorized() {
    return (request, response, e) ->
        unauthorized(
            response,
            "This endpoint needs an API key: send it in the X-API-Key header or as Authorization: Bearer <key>.");
  }

  static AccessDeniedHandler forbidden() {
    return (request, response, e) -> write(response, 403, "Forbidden", forbiddenDetail(e));
  }

  static void unauthorized(HttpServletResponse response, String detail) throws IOException {
    response.setHeader("WWW-Authenticate", CHALLENGE);
    write(response, 401, "Unauthorized", detail);
  }

  private static String forbiddenDetail(AccessDeniedException e) {
    var caller = currentCaller();
    return caller == null
        ? "Your API key's role may not do this."
        : "Your API key's role ("
            + caller.role()
            + ") may not do this; see docs/security.md for what each role may do.";
  }

  private static Caller currentCaller() {
    try {
      return Callers.current();
    } catch (Callers.NotAuthenticatedException e) {
      return null;
    }
  }

  /** 429 with Retry-After, as the API's own rate-limit problem (ProblemHandler) has it. */
  static void rateLimited(HttpServletResponse response, RateLimitedException e) throws IOException {
    response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    write(
        response,
        429,
        "https://baton.dev/problems/rate-limited",
        "Too many requests",
        e.getMessage(),
        ",\"retryAfterSeconds\":" + e.retryAfterSeconds());
  }

  static void write(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    write(response, status, "about:blank", title, detail, "");
  }

  private static void write(
      HttpServletResponse response,
      int status,
      String type,
      String title,
      String detail,
      String moreMembers)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":\""
                + type
                + "\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\""
                + moreMembers
                + "}");
  }
}
