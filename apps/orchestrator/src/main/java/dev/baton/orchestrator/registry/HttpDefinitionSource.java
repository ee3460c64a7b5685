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
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Definitions served over HTTP, listed by an index document (JSON or YAML):
 *
 * <pre>{"definitions": [{"definition": "echo/1.0.0/definition.yaml"}, ...]}</pre>
 *
 * Each entry's URL is resolved against the index's URL, and the files a definition names (its
 * schemas) against the definition's URL, the way a browser resolves links (after redirects).
 *
 * <p>What a load reads is bounded by {@link SourceLimits}: a body is read no further than the
 * document limit, an index listing too many definitions is refused, and once the source as a whole
 * reaches its limit loading stops there. Redirects are followed on the same host (scheme, host and
 * port) only: the configured URL names the server an operator trusts, not wherever it points to.
 */
public final class HttpDefinitionSource implements DefinitionSource {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_REDIRECTS = 5;

  private final URI index;
  private final HttpClient client;
  private final SourceLimits limits;

  public HttpDefinitionSource(URI index) {
    this(index, SourceLimits.DEFAULTS);
  }

  public HttpDefinitionSource(URI index, SourceLimits limits) {
    // Redirects are followed here, not by the client, to refuse those to another host.
    this(
        index,
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        limits);
  }

  HttpDefinitionSource(URI index, HttpClient client, SourceLimits limits) {
    this.index = index;
    this.client = client;
    this.limits = limits;
  }

  @Override
  public String describe() {
    return index.toString();
  }

  @Override
  public Loaded load() {
    var definitions = new ArrayList<TaskDefinition>();
    var problems = new ArrayList<LoadProblem>();
    var budget = new ReadBudget(limits);
    List<String> entries;
    URI indexUrl;
    try {
      var document = get(index, budget);
      indexUrl = document.url();
      entries = entries(DefinitionParser.readTree(document.body(), index.getPath()));
    } catch (IOException | IllegalArgumentException | ReadBudget.SourceTooLargeException e) {
      problems.add(
          LoadProblem.error(
              describe(),
              describe(),
              "cannot read the definition index: %s; check baton.registry.sources[].url and that"
                      .formatted(e.getMessage())
                  + " the server is up and serves {\"definitions\": [{\"definition\": url}, ...]}"));
      return new Loaded(definitions, problems);
    }
    if (entries.size() > limits.maxEntries()) {
      problems.add(
          LoadProblem.error(
              describe(),
              describe(),
              ("the index lists %d definitions, more than the limit of %d"
                      + " (baton.registry.max-entries); none loaded")
                  .formatted(entries.size(), limits.maxEntries())));
      return new Loaded(definitions, problems);
    }
    for (int i = 0; i < entries.size(); i++) {
      URI url;
      try {
        url = resolve(indexUrl, entries.get(i));
      } catch (IllegalArgumentException e) {
        problems.add(
            LoadProblem.error(
                describe(), describe(), "definitions[%d]: %s".formatted(i, e.getMessage())));
        continue;
      }
      try {
        var document = get(url, budget);
        definitions.add(
            DefinitionParser.parse(
                document.body(),
                url.toString(),
                url.toString(),
                name -> fetch(document.url(), name, budget)));
      } catch (DefinitionException e) {
        problems.add(LoadProblem.error(describe(), url.toString(), e.details()));
      } catch (IOException e) {
        problems.add(LoadProblem.error(describe(), url.toString(), e.getMessage()));
      } catch (ReadBudget.SourceTooLargeException e) {
        problems.add(LoadProblem.error(describe(), url.toString(), e.getMessage()));
        break;
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
  private Optional<byte[]> fetch(URI definition, String name, ReadBudget budget) {
    var url = resolve(definition, name);
    try {
      return Optional.of(get(url, budget).body());
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
    var scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + ref + "' is not an http or https URL");
    }
    return url;
  }

  /** A body and the URL it came from, after redirects: what relative links resolve against. */
  private record Document(URI url, byte[] body) {}

  /**
   * The body of a 2xx answer, following redirects on the same host.
   *
   * @throws IOException naming the URL and the status or failure
   */
  private Document get(URI url, ReadBudget budget) throws IOException {
    var current = url;
    for (int redirects = 0; ; redirects++) {
      var response = send(current);
      try (var body = response.body()) {
        var status = response.statusCode();
        if (status >= 300 && status <= 399 && status != 304) {
          var location = response.headers().firstValue("Location");
          if (location.isEmpty()) {
            throw new IOException("GET %s: HTTP %d without a Location".formatted(current, status));
          }
          var target = redirectTarget(current, location.get());
          if (!sameOrigin(current, target)) {
            throw new IOException(
                ("GET %s: HTTP %d redirect to %s, on another host: not followed; point"
                        + " baton.registry.sources[].url (or the index's links) at the final URL")
                    .formatted(current, status, target));
          }
          if (redirects == MAX_REDIRECTS) {
            throw new IOException("GET %s: more than %d redirects".formatted(url, MAX_REDIRECTS));
          }
          current = target;
          continue;
        }
        if (status == 404) {
          throw new NotFound("GET %s: HTTP 404 (not found)".formatted(current));
        }
        if (status < 200 || status > 299) {
          throw new IOException("GET %s: HTTP %d".formatted(current, status));
        }
        var declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limits.maxDocumentBytes()) {
          throw new IOException(
              "GET %s: larger than %s (baton.registry.max-document-size): declared %d bytes"
                  .formatted(current, SourceLimits.describe(limits.maxDocumentBytes()), declared));
        }
        try {
          return new Document(current, budget.read(body));
        } catch (ReadBudget.DocumentTooLargeException e) {
          throw new IOException("GET %s: %s".formatted(current, e.getMessage()), e);
        }
      }
    }
  }

  private HttpResponse<InputStream> send(URI url) throws IOException {
    var request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Accept", "application/yaml, application/json;q=0.9, */*;q=0.5")
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("GET %s: no answer within %d s".formatted(url, TIMEOUT.toSeconds()), e);
    } catch (IOException e) {
      throw new IOException("GET %s failed: %s".formatted(url, reason(e)), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("GET %s: interrupted".formatted(url), e);
    }
  }

  private static URI redirectTarget(URI from, String location) throws IOException {
    try {
      return from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new IOException("GET %s: redirect to '%s', not a URL".formatted(from, location), e);
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
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
