package dev.baton.orchestrator.security;

import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request. Every path that reaches a controller went through {@link
 * ApiKeyAuthenticationFilter}, which sets one (in open mode, {@link Caller#OPEN}); a controller
 * reached without one is a wiring bug, answered 401 rather than served unscoped.
 */
public final class Callers {

  private Callers() {}

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
