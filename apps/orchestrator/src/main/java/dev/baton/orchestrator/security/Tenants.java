package dev.baton.orchestrator.security;

import java.util.regex.Pattern;

/** Tenant ids: what they may look like, and the one everything belongs to without keys. */
public final class Tenants {

  /** The tenant of open mode, of configured keys that name none, and of tasks from before 0.7. */
  public static final String DEFAULT = "default";

  /** Letters, digits, dot, dash, underscore; at most 100 (the column's width). */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private Tenants() {}

  public static boolean valid(String tenant) {
    return tenant != null && ID.matcher(tenant).matches();
  }
}
