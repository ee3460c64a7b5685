package dev.baton.orchestrator.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Definitions served over HTTP, listed by an index document (JSON or YAML):
 *
 * <pre>{"definitions": [{"definition": "echo/1.0.0/definition.yaml"}, ...]}</pre>
 *
 * Each entry's URL is resolved against the index's URL, and the files a definition names (its
 * schemas) against the definition's URL, the way a browser resolves links.
 */
public final class HttpDefinitionSource implements DefinitionSource {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  // A definition or schema is a few kilobytes; a huge body is a mistake or an attack.
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private final URI index;
  private final HttpClient client;

  public HttpDefinitionSource(URI index) {
    this(
        index,
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build());
  }

  public HttpDefinitionSource(URI index, HttpClient client) {
    this.index = index;
    this.client = client;
  }

  @Override
  public String describe() {
    return index.toString();
  }

  @Override
  public Loaded load() {
    var definitions = new ArrayList<TaskDefinition>();
    var problems = new ArrayList<LoadProblem>();
    List<String> entries;
    try {
      entries = entries(DefinitionParser.readTree(get(index), index.getPath()));
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          LoadProblem.error(
              describe(),
              describe(),
              "cannot read the definition index: %s; check baton.registry.sources[].url and that"
                      .formatted(e.getMessage())
                  + " the server is up and serves {\"definitions\": [{\"definition\": url}, ...]}"));
      return new Loaded(definitions, problems);
    }
    for (int i = 0; i < entries.size(); i++) {
      URI url;
      try {
        url = resolve(index, entries.get(i));
      } catch (IllegalArgumentException e) {
        problems.add(
            LoadProblem.error(
                describe(), describe(), "definitions[%d]: %s".formatted(i, e.getMessage())));
        continue;
      }
      try {
        var bytes = get(url);
        definitions.add(
            DefinitionParser.parse(
                bytes, url.toString(), url.toString(), name -> fetch(url, name)));
      } catch (DefinitionException e) {
        problems.add(LoadProblem.error(describe(), url.toString(), e.details()));
      } catch (IOException e) {
        problems.add(LoadProblem.error(describe(), url.toString(), e.getMessage()));
      }
    }
    return new Loaded(definitions, problems);
  }

  /** The definition URLs of the index, as written; a malformed index throws. */
  private static List<String> entries(JsonNode root) {
    var list = root.isObject() ? root.get("definitions") : null;
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("it has no list 'definitions'");
    }
    var urls = new ArrayList<String>();
    for (int i = 0; i < list.size(); i++) {
      var ref = list.get(i).isObject() ? list.get(i).get("definition") : null;
      if (ref == null || !ref.isString()) {
        throw new IllegalArgumentException(
            "definitions[%d] needs a field 'definition' with the URL of a definition".formatted(i));
      }
      urls.add(ref.stringValue());
    }
    return urls;
  }

  /** A file a definition names: empty when the server has no such file (404). */
  private Optional<byte[]> fetch(URI definition, String name) {
    var url = resolve(definition, name);
    try {
      return Optional.of(get(url));
    } catch (NotFound e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static URI resolve(URI base, String ref) {
    URI url;
    try {
      url = base.resolve(ref);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + ref + "' is not a URL");
    }
    var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + ref + "' is not an http or https URL");
    }
    return url;
  }

  /**
   * The body of a 2xx answer.
   *
   * @throws IOException naming the URL and the status or failure
   */
  private byte[] get(URI url) throws IOException {
    var request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("GET %s: no answer within %d s".formatted(url, TIMEOUT.toSeconds()), e);
    } catch (IOException e) {
      throw new IOException("GET %s failed: %s".formatted(url, reason(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("GET %s: interrupted".formatted(url), e);
    }
    try (var body = response.body()) {
      var status = response.statusCode();
      if (status == 404) {
        throw new NotFound("GET %s: HTTP 404 (not found)".formatted(url));
      }
      if (status < 200 || status > 299) {
        throw new IOException("GET %s: HTTP %d".formatted(url, status));
      }
      var bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("GET %s: larger than %d bytes".formatted(url, MAX_BYTES));
      }
      return bytes;
    }
  }

  private static String reason(Exception e) {
    var message = e.getMessage();
    // A refused connection comes as a ConnectException without a message.
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** A 404: for a schema file, "not found" is its own, clearer message. */
  private static final class NotFound extends IOException {
    NotFound(String message) {
      super(message);
    }
  }
}
