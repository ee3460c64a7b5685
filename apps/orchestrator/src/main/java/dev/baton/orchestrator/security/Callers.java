package dev.baton.orchestrator.security;

import dev.baton.orchestrator.ratelimit.SubmissionRateLimiter;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request. Every path that reaches a controller went through {@link
 * ApiKeyAuthenticationFilter}, which sets one (in open mode, {@link Caller#OPEN}); a controller
 * reached without one is a wiring bug, answered 401 rather than served unscoped.
 */
public final class Callers {

  private Callers() {}

  /**
   * Takes {@code tasks} submissions from the caller's rate limit (open mode is not limited: there
   * is no key to limit by).
   *
   * @throws dev.baton.orchestrator.ratelimit.RateLimitedException answered 429 with Retry-After
   */
  public static Caller submitting(SubmissionRateLimiter limiter, int tasks) {
    var caller = current();
    if (!caller.open()) {
      limiter.acquire(caller.keyId(), tasks);
    }
    return caller;
  }

  public static Caller current() {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof CallerAuthentication c) {
      return c.caller();
    }
    throw new NotAuthenticatedException();
  }

  /** A controller was reached without a caller: treated as an unauthenticated request. */
  public static final class NotAuthenticatedException extends RuntimeException {
    NotAuthenticatedException() {
      super("no API key was presented");
    }
  }
}
