package dev.baton.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar, redrawn in place with {@code \r}: {@code [#########-----------]
 * 1000/2500 40%}. Shown only when enabled (stderr is a terminal, or {@code --progress}).
 */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean enabled;
  private final long total;
  private final String label;

  ProgressBar(PrintWriter out, boolean enabled, long total, String label) {
    this.out = out;
    this.enabled = enabled;
    this.total = total;
    this.label = label;
  }

  void update(long done) {
    if (enabled) {
      out.print('\r' + line(done, total, label));
      out.flush();
    }
  }

  void finish() {
    if (enabled) {
      out.println();
      out.flush();
    }
  }

  static String line(long done, long total, String label) {
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    int percent = total == 0 ? 100 : (int) (100 * done / total);
    return "["
        + "#".repeat(filled)
        + "-".repeat(WIDTH - filled)
        + "] "
        + done
        + "/"
        + total
        + " "
        + percent
        + "% "
        + label;
  }
}
