package dev.baton.orchestrator.api;

import dev.baton.orchestrator.task.TaskFilter;
import dev.baton.orchestrator.task.TaskPosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * List cursors: opaque to clients, base64url of the position after which the next page starts
 * (createdAt millis, task id) and an HMAC-SHA256 (first 16 bytes) over the position and the list's
 * filters. So a cursor that this server did not issue, that was changed, or that is used with other
 * filters than it was issued for is refused ({@code 400} naming {@code cursor}) instead of silently
 * listing something else. The page size may change between pages.
 */
@Component
public class CursorCodec {

  private static final Logger log = LoggerFactory.getLogger(CursorCodec.class);
  private static final byte VERSION = 1;
  private static final int POSITION_BYTES = 1 + 8 + 16;
  private static final int MAC_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  CursorCodec(ApiProperties properties) {
    var secret = properties.cursorSecret();
    byte[] keyBytes;
    if (secret == null || secret.isEmpty()) {
      keyBytes = new byte[32];
      new SecureRandom().nextBytes(keyBytes);
      log.info(
          "List cursors are signed with a random key: they stay valid until this process stops."
              + " Set baton.api.cursor-secret (the same on every instance) to keep them longer.");
    } else {
      keyBytes = secret.getBytes(StandardCharsets.UTF_8);
    }
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
  }

  public String encode(TaskPosition position, TaskFilter filter) {
    var bytes = ByteBuffer.allocate(POSITION_BYTES + MAC_BYTES);
    bytes.put(VERSION);
    bytes.putLong(position.createdAt().toEpochMilli());
    bytes.putLong(position.id().getMostSignificantBits());
    bytes.putLong(position.id().getLeastSignificantBits());
    bytes.put(mac(Arrays.copyOf(bytes.array(), POSITION_BYTES), filter));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /**
   * The position a cursor stands for.
   *
   * @throws ProblemException {@code 400} naming {@code cursor} if it is not one this server issued
   *     for these filters
   */
  public TaskPosition decode(String cursor, TaskFilter filter) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    // Only the exact text issued: base64 has spare bits, so another text could give the same bytes.
    if (bytes.length != POSITION_BYTES + MAC_BYTES
        || bytes[0] != VERSION
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
      throw ProblemException.invalid(
          "cursor", "is not a cursor; pass the nextCursor of the previous page unchanged");
    }
    var position = Arrays.copyOf(bytes, POSITION_BYTES);
    var mac = Arrays.copyOfRange(bytes, POSITION_BYTES, bytes.length);
    if (!MessageDigest.isEqual(mac, mac(position, filter))) {
      throw ProblemException.invalid(
          "cursor",
          "was not issued by this server for these filters (it was changed, belongs to a list"
              + " with other filters, or the server's cursor key changed); start again without a"
              + " cursor");
    }
    var buffer = ByteBuffer.wrap(position, 1, POSITION_BYTES - 1);
    var createdAt = Instant.ofEpochMilli(buffer.getLong());
    return new TaskPosition(createdAt, new UUID(buffer.getLong(), buffer.getLong()));
  }

  private byte[] mac(byte[] position, TaskFilter filter) {
    try {
      var mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(position);
      mac.update(canonical(filter).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }

  /** The filter as text: equal filters (in any order of tags) give equal text, others differ. */
  static String canonical(TaskFilter f) {
    var text = new StringBuilder();
    f.statuses().stream().sorted().forEach(s -> text.append(s.name()).append(','));
    text.append('|');
    field(text, f.type());
    f.tags().stream()
        .sorted(Comparator.comparing(TaskFilter.Tag::key).thenComparing(TaskFilter.Tag::value))
        .forEach(
            t -> {
              field(text, t.key());
              field(text, t.value());
            });
    text.append('|');
    field(text, f.workerId());
    field(text, f.createdFrom() == null ? null : f.createdFrom().toString());
    field(text, f.createdBefore() == null ? null : f.createdBefore().toString());
    return text.toString();
  }

  /** Length-prefixed, so no value can pass for two. */
  private static void field(StringBuilder text, String value) {
    if (value == null) {
      text.append("-;");
    } else {
      text.append(value.length()).append(':').append(value).append(';');
    }
  }
}
