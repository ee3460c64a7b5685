package dev.baton.orchestrator.registry;

/**
 * How much one definition source may make Baton read: a source is configured by an operator, but
 * what it serves may still be wrong or hostile (a zip bomb, an endless HTTP body, an index of a
 * million entries). Over a limit is a load problem naming it, never an out-of-memory.
 *
 * @param maxDocumentBytes the largest definition or schema file ({@code
 *     baton.registry.max-document-size}), counted as read, after decompression
 * @param maxEntries the most entries of one zip file, or definitions of one HTTP index ({@code
 *     baton.registry.max-entries})
 * @param maxSourceBytes the most bytes read from one source in one load, all files together ({@code
 *     baton.registry.max-source-size})
 */
public record SourceLimits(long maxDocumentBytes, int maxEntries, long maxSourceBytes) {

  /**
   * The defaults of the configuration: 1 MiB a document (definitions and schemas are kilobytes; a
   * YAML document of megabytes takes seconds to parse), 10,000 entries, 64 MiB a source.
   */
  public static final SourceLimits DEFAULTS =
      new SourceLimits(1024 * 1024, 10_000, 64L * 1024 * 1024);

  public SourceLimits {
    if (maxDocumentBytes < 1 || maxEntries < 1 || maxSourceBytes < 1) {
      throw new IllegalArgumentException(
          "baton.registry.max-document-size, max-entries and max-source-size must be positive");
    }
  }

  /** A size as people read it: {@code 4 MiB}, {@code 512 KiB}, {@code 100 bytes}. */
  static String describe(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
