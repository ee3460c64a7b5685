package dev.baton.orchestrator.security;

/**
 * What a request to revoke a key came to: the key (when {@code REVOKED}), or why not.
 *
 * @param outcome {@code REVOKED} (now, or already before); {@code NOT_FOUND} among the keys the
 *     caller sees; {@code FORBIDDEN} to the caller's role; {@code REFUSED} because it would leave
 *     no key able to manage the others
 */
public record Revocation(Outcome outcome, ApiKeys.KeyView key, String reason) {

  /** How a revocation ended. */
  public enum Outcome {
    REVOKED,
    NOT_FOUND,
    FORBIDDEN,
    REFUSED
  }

  static Revocation revoked(ApiKeys.KeyView key) {
    return new Revocation(Outcome.REVOKED, key, null);
  }

  static Revocation notFound() {
    return new Revocation(Outcome.NOT_FOUND, null, null);
  }

  static Revocation forbidden(String reason) {
    return new Revocation(Outcome.FORBIDDEN, null, reason);
  }

  static Revocation refused(String reason) {
    return new Revocation(Outcome.REFUSED, null, reason);
  }
}
