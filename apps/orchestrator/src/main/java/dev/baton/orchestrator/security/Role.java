package dev.baton.orchestrator.security;

/**
 * What a key may do. PRODUCER submits and reads its tenant's tasks; WORKER claims and reports (pull
 * workers); ADMIN does everything within its tenant; OPERATOR works across tenants and owns what is
 * shared (definitions, imports, queues, actuator). The matrix is in docs/security.md and in {@link
 * SecurityConfiguration}.
 */
public enum Role {
  PRODUCER,
  WORKER,
  ADMIN,
  OPERATOR;

  /** The Spring Security authority of the role ({@code ROLE_…}, as {@code hasRole} expects). */
  public String authority() {
    return "ROLE_" + name();
  }

  /** Whether a key with this role may issue keys with {@code other}: never above its own. */
  boolean mayIssue(Role other) {
    return this == OPERATOR || (this == ADMIN && other != OPERATOR);
  }
}
