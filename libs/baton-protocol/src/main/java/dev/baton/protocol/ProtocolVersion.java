package dev.baton.protocol;

/** The protocol version every message carries in its {@code "v"} field. */
public final class ProtocolVersion {

  /** The version this library writes. Readers accept this and later (additive) versions. */
  public static final int CURRENT = 1;

  private ProtocolVersion() {}

  static int require(int v, String message) {
    if (v < 1) {
      throw new IllegalArgumentException(
          message + ": field \"v\" (protocol version) must be 1 or more, got " + v);
    }
    return v;
  }
}
