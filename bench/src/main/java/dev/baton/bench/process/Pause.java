package dev.baton.bench.process;

/** Sleeps between polls of a remote service (progress checks, not thread synchronisation). */
public final class Pause {

  private Pause() {}

  public static void millis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
