package dev.baton.orchestrator.security;

import dev.baton.orchestrator.ratelimit.RateLimitedException;
import dev.baton.orchestrator.ratelimit.ReadRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes one read from the caller's rate limit for every authorized read: a {@code GET} under {@code
 * /api/} or a GraphQL request. Over the rate: {@code 429} with {@code Retry-After}, before anything
 * is read. Open mode is not limited, as with submissions: there is no key to limit by. Runs after
 * authorization, so a refused request costs nothing.
 */
final class ReadRateLimitFilter extends OncePerRequestFilter {

  private final ReadRateLimiter limiter;

  ReadRateLimitFilter(ReadRateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    var path = request.getRequestURI().substring(request.getContextPath().length());
    var method = request.getMethod();
    boolean restRead = ("GET".equals(method) || "HEAD".equals(method)) && path.startsWith("/api/");
    boolean graphQl = ("POST".equals(method) || "GET".equals(method)) && path.equals("/graphql");
    return !(restRead || graphQl);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Caller caller;
    try {
      caller = Callers.current();
    } catch (Callers.NotAuthenticatedException e) {
      chain.doFilter(request, response); // not ours to answer: authorization already has
      return;
    }
    if (!caller.open()) {
      try {
        limiter.acquire(caller.keyId());
      } catch (RateLimitedException e) {
        SecurityProblems.rateLimited(response, e);
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
