package dev.baton.orchestrator.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key ({@code X-API-Key}, or {@code Authorization: Bearer}). A
 * key that is presented but unknown or revoked is a 401 at once, whatever the endpoint: a client
 * with a bad key should learn so, not be served as anonymous. No key: anonymous, which only public
 * paths admit — except in open mode (no key exists), where every request is {@link Caller#OPEN}.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;

  ApiKeyAuthenticationFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var presented = presentedKey(request);
    if (presented != null) {
      var caller = keys.authenticate(presented);
      if (caller.isEmpty()) {
        SecurityProblems.unauthorized(
            response, "The API key is not valid (unknown or revoked). Ask an admin for a key.");
        return;
      }
      authenticate(caller.get());
    } else if (keys.open()) {
      authenticate(Caller.OPEN);
    }
    chain.doFilter(request, response);
  }

  private static void authenticate(Caller caller) {
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller));
    SecurityContextHolder.setContext(context);
  }

  private static String presentedKey(HttpServletRequest request) {
    var header = request.getHeader(HEADER);
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    var authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      var key = authorization.substring(BEARER.length()).trim();
      return key.isEmpty() ? null : key;
    }
    return null;
  }
}
