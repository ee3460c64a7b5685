package dev.baton.orchestrator.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, sending the request target byte for byte. {@code java.net.http} and
 * {@code java.net.URI} refuse or re-encode targets such as {@code ?cursor=%%%garbage}, which is the
 * very input the server must survive, so malformed-input tests send their requests through this.
 * One connection a request ({@code Connection: close}), so the answer ends where the stream ends.
 */
final class RawHttp {

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** An answer: status, headers by lower-case name, body as UTF-8. */
  record Response(int status, Map<String, String> headers, String body) {
    String contentType() {
      return headers.getOrDefault("content-type", "");
    }
  }

  /**
   * Sends {@code method target} with the given headers and body (null: none).
   *
   * @param target the request target exactly as it goes on the wire, e.g. {@code /a?b=%zz}
   */
  Response send(String method, String target, Map<String, String> headers, byte[] body) {
    var request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: localhost:").append(port).append("\r\n");
    request.append("Connection: close\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.append("\r\n");
    var head = request.toString().getBytes(StandardCharsets.UTF_8);
    try {
      return exchange(head, body);
    } catch (IOException first) {
      // A server that refuses the head (an oversized header, say) answers and closes before the
      // body is written: the write fails with a broken pipe, and the answer may be lost with it.
      // One more try, which usually reads the answer.
      try {
        return exchange(head, body);
      } catch (IOException e) {
        e.addSuppressed(first);
        throw new UncheckedIOException(method + " " + abbreviated(target) + " failed", e);
      }
    }
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      var out = socket.getOutputStream();
      IOException writeFailure = null;
      try {
        out.write(head);
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        writeFailure = e; // the answer may already be there: read it
      }
      byte[] raw;
      try {
        raw = socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        if (writeFailure != null) {
          e.addSuppressed(writeFailure);
        }
        throw e;
      }
      if (raw.length == 0 && writeFailure != null) {
        throw writeFailure;
      }
      return parse(raw);
    }
  }

  private static Response parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (end < 0) {
      throw new IllegalStateException(
          "not an HTTP response: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    var head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    var headers = new TreeMap<String, String>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.put(
          head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          head[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    var out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
      var sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeText.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String abbreviated(String text) {
    return text.length() <= 80 ? text : text.substring(0, 60) + "…(" + text.length() + " chars)";
  }
}
