package dev.baton.orchestrator.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes new keys and the hashes they are stored and looked up by. */
final class KeyHashing {

  /** Marks Baton keys, so a leaked one is recognisable (secret scanners, logs). */
  static final String PREFIX = "bk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyHashing() {}

  /** A new key: {@code bk_} and 256 random bits in URL-safe Base64. */
  static String newKey() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The lowercase hex SHA-256 of the key's UTF-8 bytes. */
  static String sha256(String key) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** Whether {@code hash} looks like what {@link #sha256} gives. */
  static boolean isSha256(String hash) {
    return hash != null && hash.matches("[0-9a-f]{64}");
  }
}
