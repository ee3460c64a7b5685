package dev.baton.cli;

/**
 * The exit codes of {@code baton}, which scripts may rely on. Every command returns one of these;
 * {@code --help} and the README list them.
 */
public final class ExitCodes {

  /** The command did what was asked. */
  public static final int OK = 0;

  /**
   * The request worked but the outcome is negative: {@code watch} saw a task fail or be cancelled,
   * or timed out; {@code import} had records refused.
   */
  public static final int NEGATIVE_OUTCOME = 1;

  /** Bad command line or unreadable local file (picocli's own usage code). */
  public static final int USAGE = 2;

  /** The server refused the request with a 4xx: bad input, unknown id, conflict. */
  public static final int CLIENT_ERROR = 3;

  /** The server answered 5xx, or could not be reached at all. */
  public static final int SERVER_ERROR = 4;

  /** A bug in the CLI itself (an unexpected exception). */
  public static final int INTERNAL = 70;

  private ExitCodes() {}

  /**
   * The exit code for an HTTP error status: 4xx is the caller's fault, anything else the server's.
   */
  static int forHttpStatus(int status) {
    return status >= 400 && status < 500 ? CLIENT_ERROR : SERVER_ERROR;
  }
}
