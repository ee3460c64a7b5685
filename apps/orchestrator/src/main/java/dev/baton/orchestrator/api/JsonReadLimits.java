package dev.baton.orchestrator.api;

import dev.baton.orchestrator.BatonProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds what reading JSON may cost: nesting depth ({@code baton.api.max-json-depth}) and string
 * length (the larger of the REST body and AMQP message limits, so no string that fits in an
 * accepted body is refused). The application's {@link JsonMapper} (REST bodies, AMQP submissions)
 * and the protocol codec (worker events, stored inputs and results) read with the same limits.
 *
 * <p>Read limits live in Jackson's stream factory, which a {@link JsonMapperBuilderCustomizer}
 * cannot replace; so this provides the builder itself (Boot's backs off) and applies every
 * customizer to it in order, as Boot's does.
 */
@Configuration(proxyBeanMethods = false)
public class JsonReadLimits {

  @Bean
  StreamReadConstraints jsonReadConstraints(ApiProperties api, BatonProperties baton) {
    long longest = Math.max(api.maxBodySize().toBytes(), baton.broker().maxMessageSize().toBytes());
    return StreamReadConstraints.builder()
        .maxNestingDepth(api.maxJsonDepth())
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, longest))
        .build();
  }

  @Bean
  @Scope("prototype")
  JsonMapper.Builder constrainedJsonMapperBuilder(
      StreamReadConstraints jsonReadConstraints,
      ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
    var factory = JsonFactory.builder().streamReadConstraints(jsonReadConstraints).build();
    var builder = JsonMapper.builder(factory);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  /** The read limit {@code e} ran into, if reading failed on one. */
  public static StreamConstraintsException violation(Throwable e) {
    for (var t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        return limit;
      }
    }
    return null;
  }

  /**
   * What a client can act on, without the Jackson setting names in its message: "is nested more
   * than 64 levels deep".
   */
  public static String describe(StreamConstraintsException e, StreamReadConstraints limits) {
    var message = String.valueOf(e.getOriginalMessage());
    if (message.contains("NestingDepth")) {
      return "is nested more than " + limits.getMaxNestingDepth() + " levels deep";
    }
    if (message.contains("StringLength")) {
      return "has a string longer than " + limits.getMaxStringLength() + " characters";
    }
    if (message.contains("NumberLength")) {
      return "has a number longer than " + limits.getMaxNumberLength() + " digits";
    }
    if (message.contains("NameLength")) {
      return "has a property name longer than " + limits.getMaxNameLength() + " characters";
    }
    return "exceeds a read limit: " + message;
  }

  /** The JSON Pointer (RFC 6901) of where reading stopped, or null when not known. */
  public static String pointerOf(JacksonException e) {
    var sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        sb.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        sb.append('/').append(ref.getIndex());
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
