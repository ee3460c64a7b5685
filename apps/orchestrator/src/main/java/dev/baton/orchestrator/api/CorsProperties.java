package dev.baton.orchestrator.api;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser clients ({@code baton.cors.*}). Off unless origins are listed:
 * with none, no CORS header is ever sent and browsers keep other origins out.
 *
 * @param allowedOrigins origins allowed to call the API, e.g. {@code https://console.example.com};
 *     empty (the default) turns CORS off
 * @param allowedMethods methods a cross-origin request may use
 * @param allowedHeaders request headers a cross-origin request may send
 * @param exposedHeaders response headers a browser script may read
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("baton.cors")
public record CorsProperties(
    @DefaultValue({}) List<String> allowedOrigins,
    @DefaultValue({"GET", "POST", "PATCH", "DELETE"}) List<String> allowedMethods,
    @DefaultValue({"Content-Type", "Authorization", "X-API-Key"}) List<String> allowedHeaders,
    @DefaultValue({"Location", "Retry-After"}) List<String> exposedHeaders,
    @DefaultValue("30m") Duration maxAge) {

  public CorsProperties {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  boolean enabled() {
    return !allowedOrigins.isEmpty();
  }
}
