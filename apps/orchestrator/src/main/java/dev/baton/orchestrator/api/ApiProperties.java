package dev.baton.orchestrator.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the REST API ({@code baton.api.*}).
 *
 * @param maxBodySize largest request body accepted; a larger one is answered {@code 413}
 * @param cursorSecret key of the HMAC that signs list cursors. Unset (the default): a random key
 *     per process start, so cursors die with the process. Set the same value on every instance to
 *     keep cursors valid across restarts and instances; changing it invalidates every cursor handed
 *     out before (their next use is a {@code 400}).
 * @param maxJsonDepth deepest nesting of objects and arrays a JSON body may have (the body itself
 *     is level 1); a deeper one is answered {@code 400}. Also bounds AMQP submissions and worker
 *     events, so that whatever is accepted can be read back.
 */
@ConfigurationProperties("baton.api")
public record ApiProperties(
    @DefaultValue("1MB") DataSize maxBodySize,
    String cursorSecret,
    @DefaultValue("64") int maxJsonDepth) {

  public ApiProperties {
    maxBodySize = maxBodySize != null ? maxBodySize : DataSize.ofMegabytes(1);
    if (maxJsonDepth < 1) {
      throw new IllegalArgumentException("baton.api.max-json-depth must be at least 1");
    }
  }
}
