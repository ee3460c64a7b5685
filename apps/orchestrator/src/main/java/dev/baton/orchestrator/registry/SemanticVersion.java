package dev.baton.orchestrator.registry;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0), ordered by precedence: {@code 1.10.0 > 1.9.0 >
 * 1.9.0-rc.1}; build metadata is kept for display but ignored by ordering and equality.
 */
public record SemanticVersion(
    long major, long minor, long patch, List<String> preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  public SemanticVersion {
    preRelease = List.copyOf(preRelease);
  }

  /**
   * Parses {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
   *
   * @throws IllegalArgumentException with a message fit for a user when the text is not one
   */
  public static SemanticVersion parse(String text) {
    var m = text == null ? null : SEMVER.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)");
    }
    try {
      return new SemanticVersion(
          Long.parseLong(m.group(1)),
          Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)),
          m.group(4) == null ? List.of() : Arrays.asList(m.group(4).split("\\.")),
          m.group(5));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a version number that is too large");
    }
  }

  /** Whether {@code text} parses. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Long.compare(major, o.major);
    if (c == 0) c = Long.compare(minor, o.minor);
    if (c == 0) c = Long.compare(patch, o.patch);
    return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
  }

  /** A version without pre-release identifiers ranks above any with them (1.0.0 > 1.0.0-rc.1). */
  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numA = a.chars().allMatch(Character::isDigit);
    boolean numB = b.chars().allMatch(Character::isDigit);
    if (numA && numB) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (numA != numB) {
      return numA ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
    }
    return a.compareTo(b);
  }

  /** Equal when of equal precedence: build metadata does not count. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SemanticVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(major, minor, patch, preRelease);
  }

  @Override
  public String toString() {
    var s = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
    if (!preRelease.isEmpty()) {
      s.append('-').append(String.join(".", preRelease));
    }
    if (build != null) {
      s.append('+').append(build);
    }
    return s.toString();
  }
}
