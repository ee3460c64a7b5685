package dev.baton.orchestrator.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.security.*}: the keys known from configuration, whether keys are required, and how
 * AMQP submitters map to tenants. See docs/security.md.
 *
 * @param keys keys from configuration (env, a mounted file): bootstrap keys that exist before any
 *     is issued through the API
 * @param requireKeys refuse to start with no key at all (the prod profile sets it)
 * @param keyCacheTtl how long a node trusts what it looked up about a key: a key revoked on another
 *     node stops working here within this time
 * @param amqpUsers RabbitMQ user (the message's broker-validated {@code user_id}) → tenant
 * @param tenantQueues tenants whose dispatches go to queues of their own, consumed only by workers
 *     started for that tenant (the others share the per-type queues)
 */
@ConfigurationProperties("baton.security")
public record SecurityProperties(
    @DefaultValue List<ConfiguredKey> keys,
    @DefaultValue("false") boolean requireKeys,
    @DefaultValue("10s") Duration keyCacheTtl,
    @DefaultValue Map<String, String> amqpUsers,
    @DefaultValue List<String> tenantQueues) {

  /**
   * A key from configuration. Give {@code sha256} (the hex SHA-256 of the key, so the key itself is
   * in no file) or {@code key}.
   */
  public record ConfiguredKey(
      String name, @DefaultValue("default") String tenant, Role role, String key, String sha256) {}
}
