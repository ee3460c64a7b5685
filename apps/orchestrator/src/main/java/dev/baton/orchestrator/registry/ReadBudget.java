package dev.baton.orchestrator.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * What one load of a source may still read. Every file goes through {@link #read}, which stops at
 * the limit instead of reading on: a compressed entry that inflates to gigabytes costs at most the
 * limit plus one byte. Not thread-safe: one load, one thread.
 */
final class ReadBudget {

  private final SourceLimits limits;
  private long read;

  ReadBudget(SourceLimits limits) {
    this.limits = limits;
  }

  SourceLimits limits() {
    return limits;
  }

  /**
   * The whole of {@code in}, if within the limits.
   *
   * @throws DocumentTooLargeException when the document is over the size of one document
   * @throws SourceTooLargeException when the source as a whole is over its size: stop loading it
   */
  byte[] read(InputStream in) throws IOException {
    long left = limits.maxSourceBytes() - read;
    if (left <= 0) {
      throw new SourceTooLargeException(limits.maxSourceBytes());
    }
    long allowed = Math.min(limits.maxDocumentBytes(), left);
    var bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, allowed + 1));
    read += bytes.length;
    if (bytes.length > allowed) {
      if (allowed < limits.maxDocumentBytes()) {
        throw new SourceTooLargeException(limits.maxSourceBytes());
      }
      throw new DocumentTooLargeException(limits.maxDocumentBytes());
    }
    return bytes;
  }

  /** One file is larger than a document may be: that file is an error, loading goes on. */
  static final class DocumentTooLargeException extends IOException {
    DocumentTooLargeException(long max) {
      super(
          "larger than "
              + SourceLimits.describe(max)
              + " (baton.registry.max-document-size); not read further");
    }
  }

  /** The source as a whole is larger than a source may be: loading it stops here. */
  static final class SourceTooLargeException extends RuntimeException {
    SourceTooLargeException(long max) {
      super(
          "the source holds more than "
              + SourceLimits.describe(max)
              + " (baton.registry.max-source-size): loading stopped here, the definitions read"
              + " before are kept; split the source or raise the limit");
    }
  }
}
