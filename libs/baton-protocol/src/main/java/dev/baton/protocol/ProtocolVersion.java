package dev.baton.protocol;

/** The protocol version every message carries in its {@code "v"} field. */
public final class ProtocolVersion {

  /** The version this library writes. Readers accept this and later (additive) versions. */
  public static final int CURRENT = 1;

  /**
   * What a worker that reports the v1.1 way (results only, batched; {@code RUNNING} only for long
   * handlers) says in its heartbeat's {@code protocol}. The orchestrator needs no such hint.
   */
  public static final String LEAN_REPORTING = "1.1";

  private ProtocolVersion() {}

  static int require(int v, String message) {
    if (v < 1) {
      throw new IllegalArgumentException(
          message + ": field \"v\" (protocol version) must be 1 or more, got " + v);
    }
    return v;
  }
}
