package dev.baton.bench.process;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stdout, time-stamped, so a long run shows it is alive. */
public final class Progress {

  private Progress() {}

  public static void say(String format, Object... args) {
    System.out.printf(
        "[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
  }
}
