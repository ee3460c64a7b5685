package dev.baton.orchestrator.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the HTTP server listens when nobody said: on 127.0.0.1 only, unless a key is configured or
 * {@code baton.security.require-keys} is set. A server that may run open (no key) is then reachable
 * from this machine alone. The choice is made at start-up, before the database is read, so it goes
 * by the configuration: a server whose keys were all issued through the API keeps listening on
 * loopback until it is restarted with {@code BATON_SERVER_ADDRESS} (or a configured key, or the
 * prod profile). An explicit {@code server.address} always wins.
 */
@Component
class OpenModeBindAddress
    implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

  private static final Logger log = LoggerFactory.getLogger(OpenModeBindAddress.class);

  /** Where a server that may run open listens. */
  static final InetAddress LOOPBACK = loopback();

  /** The three outcomes of the rule. */
  enum Bind {
    /** {@code server.address} was set: as configured. */
    AS_CONFIGURED,
    /** Keys are configured or required: every interface, as Spring Boot does by default. */
    EVERY_INTERFACE,
    /** Nothing says the server is keyed: loopback only. */
    LOOPBACK_ONLY
  }

  private final Environment environment;
  private final SecurityProperties security;

  OpenModeBindAddress(Environment environment, SecurityProperties security) {
    this.environment = environment;
    this.security = security;
  }

  static Bind decide(String configuredAddress, boolean keysConfigured, boolean keysRequired) {
    if (configuredAddress != null && !configuredAddress.isBlank()) {
      return Bind.AS_CONFIGURED;
    }
    return keysConfigured || keysRequired ? Bind.EVERY_INTERFACE : Bind.LOOPBACK_ONLY;
  }

  @Override
  public void customize(ConfigurableWebServerFactory factory) {
    var address = environment.getProperty("server.address");
    boolean keysConfigured = !security.keys().isEmpty();
    switch (decide(address, keysConfigured, security.requireKeys())) {
      case LOOPBACK_ONLY -> {
        factory.setAddress(LOOPBACK);
        log.warn(
            "No API key is configured, so Baton listens on 127.0.0.1 only: it may run open (every"
                + " caller an OPERATOR). To serve other hosts, configure a key"
                + " (BATON_SECURITY_KEYS_0_NAME, _ROLE, _SHA256) or run with the prod profile;"
                + " with keys issued through the API only, set BATON_SERVER_ADDRESS=0.0.0.0."
                + " See docs/security.md.");
      }
      case AS_CONFIGURED -> {
        if (!keysConfigured && !security.requireKeys()) {
          log.warn(
              "Baton listens on {} as configured (server.address) with no API key configured: if"
                  + " none has been issued either, it runs open there, serving every caller as an"
                  + " OPERATOR. Configure a key or the prod profile unless that address is private"
                  + " to you (docs/security.md).",
              address);
        }
      }
      case EVERY_INTERFACE -> {
        // Keys guard every request: Spring Boot's default, every interface.
      }
    }
  }

  /** After Spring Boot's own customizer, which applies {@code server.address} when it is set. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always a valid IPv4 address
    }
  }
}
