package dev.baton.orchestrator.registry;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The task definition registry ({@code baton.registry.*}).
 *
 * @param strict reject submissions of types that have no definition ({@code false}: accept them)
 * @param sources where definitions are loaded from at start-up and on reload, in precedence order
 * @param maxDocumentSize the largest definition or schema file read from a source (after
 *     decompression): a larger one is a load error and is read no further
 * @param maxEntries the most entries of a zip file, or definitions of an HTTP index
 * @param maxSourceSize the most bytes read from one source in one load, every file together
 */
@ConfigurationProperties("baton.registry")
public record RegistryProperties(
    @DefaultValue("false") boolean strict,
    List<Source> sources,
    @DefaultValue("1MB") DataSize maxDocumentSize,
    @DefaultValue("10000") int maxEntries,
    @DefaultValue("64MB") DataSize maxSourceSize) {

  public RegistryProperties {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /** The read limits every source gets. */
  public SourceLimits limits() {
    return new SourceLimits(maxDocumentSize.toBytes(), maxEntries, maxSourceSize.toBytes());
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
