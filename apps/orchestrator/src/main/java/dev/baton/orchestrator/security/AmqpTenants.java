package dev.baton.orchestrator.security;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tenant of an AMQP message, from its {@code user_id} property. RabbitMQ refuses a message
 * whose {@code user_id} is not the user of the connection that published it, so the property cannot
 * be forged by another broker user; {@code baton.security.amqp-users} maps users to tenants.
 * Without a mapping, every AMQP submission belongs to the default tenant (one team per broker user
 * set); with one, a message of an unmapped user is refused.
 */
@Component
public class AmqpTenants {

  private final Map<String, String> users;

  AmqpTenants(SecurityProperties properties) {
    this.users = Map.copyOf(properties.amqpUsers());
    users.forEach(
        (user, tenant) -> {
          if (!Tenants.valid(tenant)) {
            throw new IllegalStateException(
                "baton.security.amqp-users."
                    + user
                    + " must be a tenant id matching "
                    + Tenants.ID.pattern());
          }
        });
  }

  /** The tenant of a message with this {@code user_id} (null: none set); empty: refuse it. */
  public Optional<String> tenantOf(String userId) {
    if (users.isEmpty()) {
      return Optional.of(Tenants.DEFAULT);
    }
    return Optional.ofNullable(userId == null ? null : users.get(userId));
  }
}
