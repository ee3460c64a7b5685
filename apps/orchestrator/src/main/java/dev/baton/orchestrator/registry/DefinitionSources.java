package dev.baton.orchestrator.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Turns the configured sources ({@code baton.registry.sources}) into {@link DefinitionSource}s. */
public final class DefinitionSources {

  private DefinitionSources() {}

  /**
   * The source a configuration entry describes.
   *
   * @param baseDir what a relative filesystem path is resolved against (the working directory)
   * @throws IllegalArgumentException saying what is missing or wrong in the entry
   */
  public static DefinitionSource from(RegistryProperties.Source source, Path baseDir) {
    return from(source, baseDir, SourceLimits.DEFAULTS);
  }

  /** {@link #from(RegistryProperties.Source, Path)}, reading no more than {@code limits}. */
  public static DefinitionSource from(
      RegistryProperties.Source source, Path baseDir, SourceLimits limits) {
    if (source == null || source.type() == null) {
      throw new IllegalArgumentException(
          "baton.registry.sources: every source needs a type, filesystem or http");
    }
    return switch (source.type()) {
      case filesystem -> new FilesystemDefinitionSource(path(source.path(), baseDir), limits);
      case http -> new HttpDefinitionSource(url(source.url()), limits);
    };
  }

  private static Path path(String path, Path baseDir) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(
          "baton.registry.sources: a filesystem source needs a path (a definition folder, a .zip"
              + " or a folder of them)");
    }
    try {
      return baseDir.resolve(path.trim()).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "baton.registry.sources: '%s' is not a valid path: %s".formatted(path, e.getMessage()));
    }
  }

  private static URI url(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "baton.registry.sources: an http source needs a url (of its index document)");
    }
    try {
      var uri = new URI(url.trim());
      var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new URISyntaxException(url, "not an absolute http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "baton.registry.sources: '%s' is not a valid index URL: %s"
              .formatted(url, e.getReason()));
    }
  }
}
