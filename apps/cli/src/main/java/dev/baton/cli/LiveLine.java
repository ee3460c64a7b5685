package dev.baton.cli;

import java.io.PrintWriter;

/**
 * A status line that changes over time: redrawn in place on a terminal, else printed as a new line
 * whenever it changes (so logs of scripted runs stay readable).
 */
final class LiveLine {

  private final PrintWriter out;
  private final boolean terminal;
  private String last;
  private int shownLength;

  LiveLine(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(String line) {
    if (line.equals(last)) {
      return;
    }
    last = line;
    if (terminal) {
      out.print('\r' + line + " ".repeat(Math.max(0, shownLength - line.length())));
      shownLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  void end() {
    if (terminal && last != null) {
      out.println();
      out.flush();
    }
  }
}
