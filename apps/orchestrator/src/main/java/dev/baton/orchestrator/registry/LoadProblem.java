package dev.baton.orchestrator.registry;

/**
 * Something wrong found while loading definitions. Loading goes on past it.
 *
 * @param severity {@code ERROR}: the definition was not loaded; {@code WARNING}: loaded, or a
 *     harmless duplicate skipped
 * @param source the configured source (path or URL) being loaded
 * @param location the file, zip entry or URL at fault, as precise as known
 * @param message what is wrong and, where it helps, what to do
 */
public record LoadProblem(Severity severity, String source, String location, String message) {

  /** How bad it is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public static LoadProblem error(String source, String location, String message) {
    return new LoadProblem(Severity.ERROR, source, location, message);
  }

  public static LoadProblem warning(String source, String location, String message) {
    return new LoadProblem(Severity.WARNING, source, location, message);
  }
}
