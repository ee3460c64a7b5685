package dev.baton.orchestrator.api;

import dev.baton.orchestrator.api.ProblemHandler.FieldError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Checks a raw query string the way the servlet container will decode it ({@code name=value} pairs
 * split at {@code &}, {@code +} for a space, {@code %XX} escapes of UTF-8 bytes), and names every
 * parameter that cannot be decoded or that decodes to a NUL character. Tomcat throws from the first
 * {@code getParameter} on such a query, which used to surface as a 500; reading it here first lets
 * the API answer a 400 naming the parameter instead.
 */
final class QueryStrings {

  private static final int MAX_NAME_SHOWN = 100;

  private QueryStrings() {}

  /** One error per malformed parameter (by name, in order of appearance); empty if all is well. */
  static List<FieldError> malformed(String query) {
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    var errors = new LinkedHashMap<String, String>();
    for (var pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      var rawName = equals < 0 ? pair : pair.substring(0, equals);
      var rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      var name = decode(rawName);
      var field = name == null || name.indexOf('\0') >= 0 ? shown(rawName) : name;
      if (name == null) {
        errors.putIfAbsent(field, "the parameter name " + problemWith(rawName));
      } else if (name.indexOf('\0') >= 0) {
        errors.putIfAbsent(field, "the parameter name must not contain NUL (%00)");
      }
      var value = decode(rawValue);
      if (value == null) {
        errors.putIfAbsent(field, problemWith(rawValue));
      } else if (value.indexOf('\0') >= 0) {
        errors.putIfAbsent(field, "must not contain NUL (%00)");
      }
    }
    var list = new ArrayList<FieldError>(errors.size());
    errors.forEach((field, message) -> list.add(new FieldError(field, message)));
    return list;
  }

  private static String problemWith(String raw) {
    return "is not valid percent-encoded UTF-8 (write % as %25, and each byte of a UTF-8"
        + " character as %XX with two hex digits)";
  }

  /** The decoded text, or null if it is not valid percent-encoded UTF-8. */
  static String decode(String raw) {
    if (raw.chars().allMatch(c -> c < 0x80 && c != '%' && c != '+')) {
      return raw;
    }
    var bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c <= 0xff) {
        // The container hands over the raw query one byte a char (ISO-8859-1): UTF-8 sent
        // unescaped arrives as its bytes, and is decoded with the escaped ones below.
        bytes.write(c);
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A name as the client wrote it, shortened: it names the parameter when it cannot be decoded. */
  private static String shown(String raw) {
    return raw.length() <= MAX_NAME_SHOWN ? raw : raw.substring(0, MAX_NAME_SHOWN) + "…";
  }
}
