package dev.baton.orchestrator.security;

/**
 * Who is calling: the key that authenticated the request, its tenant and its role.
 *
 * @param keyId the key's id (never the key itself): what logs and rate limits name
 * @param name the name given to the key when it was issued
 */
public record Caller(String keyId, String name, String tenantId, Role role) {

  /** Every request when no key exists: a local development set-up (docs/security.md). */
  public static final Caller OPEN = new Caller("open", "open mode", Tenants.DEFAULT, Role.OPERATOR);

  /**
   * The tenant whose data this caller sees, or null when it sees every tenant's (OPERATOR). Every
   * query and command takes this as its scope.
   */
  public String scope() {
    return role == Role.OPERATOR ? null : tenantId;
  }

  /** Whether data of {@code tenant} is visible to this caller. */
  public boolean sees(String tenant) {
    return role == Role.OPERATOR || tenantId.equals(tenant);
  }

  /** Whether this caller is the open-mode caller (no key exists, so none was presented). */
  public boolean open() {
    return this == OPEN;
  }
}
