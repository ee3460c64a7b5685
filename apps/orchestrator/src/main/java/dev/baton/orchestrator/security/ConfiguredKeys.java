package dev.baton.orchestrator.security;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys from configuration ({@code baton.security.keys}), checked at start-up: a mistake stops
 * the start with the setting at fault named.
 */
final class ConfiguredKeys {

  private ConfiguredKeys() {}

  /** The caller of each configured key, by the key's SHA-256. */
  static Map<String, Caller> byHash(List<SecurityProperties.ConfiguredKey> keys) {
    var byHash = new HashMap<String, Caller>();
    for (int i = 0; i < keys.size(); i++) {
      var k = keys.get(i);
      var where = "baton.security.keys[" + i + "]";
      if (k.name() == null || k.name().isBlank()) {
        throw new IllegalStateException(where + ".name is required");
      }
      if (k.role() == null) {
        throw new IllegalStateException(
            where + ".role is required (PRODUCER, WORKER, ADMIN, OPERATOR)");
      }
      if (!Tenants.valid(k.tenant())) {
        throw new IllegalStateException(where + ".tenant must match " + Tenants.ID.pattern());
      }
      String hash;
      if (k.sha256() != null && k.key() == null) {
        hash = k.sha256().toLowerCase(Locale.ROOT);
        if (!KeyHashing.isSha256(hash)) {
          throw new IllegalStateException(where + ".sha256 must be 64 hex digits");
        }
      } else if (k.key() != null && k.sha256() == null) {
        if (k.key().length() < 20) {
          throw new IllegalStateException(
              where + ".key is too short to be a secret: use at least 20 random characters");
        }
        hash = KeyHashing.sha256(k.key());
      } else {
        throw new IllegalStateException(where + " needs exactly one of key and sha256");
      }
      byHash.put(hash, new Caller("config:" + k.name(), k.name(), k.tenant(), k.role()));
    }
    return Map.copyOf(byHash);
  }
}
