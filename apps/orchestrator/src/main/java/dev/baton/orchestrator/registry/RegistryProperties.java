package dev.baton.orchestrator.registry;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The task definition registry ({@code baton.registry.*}).
 *
 * @param strict reject submissions of types that have no definition ({@code false}: accept them)
 * @param sources where definitions are loaded from at start-up and on reload, in precedence order
 */
@ConfigurationProperties("baton.registry")
public record RegistryProperties(@DefaultValue("false") boolean strict, List<Source> sources) {

  public RegistryProperties {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /**
   * One source.
   *
   * @param type {@code filesystem} (a definition directory, a {@code .zip} of one, or a directory
   *     holding many of both, searched recursively) or {@code http} (an index document)
   * @param path the file or directory, for {@code filesystem}
   * @param url the index document's URL, for {@code http}
   */
  public record Source(SourceType type, String path, String url) {}

  /** The kinds of source. */
  public enum SourceType {
    filesystem,
    http
  }
}
