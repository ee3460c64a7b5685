package dev.baton.orchestrator.security;

import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which tenants have task queues of their own ({@code baton.security.tenant-queues}): their
 * dispatches go to {@code <prefix>.tenant.<tenant>.tasks.<type>}, which only workers started for
 * that tenant consume (SDK {@code tenant(…)}, {@code BATON_TENANT}); with RabbitMQ permissions per
 * tenant, another tenant's workers cannot even read them. Other tenants share the per-type queues.
 */
@Component
public class TenantQueues {

  private final Set<String> tenants;

  TenantQueues(SecurityProperties properties) {
    this.tenants = Set.copyOf(properties.tenantQueues());
    for (var tenant : tenants) {
      if (!Tenants.valid(tenant)) {
        throw new IllegalStateException(
            "baton.security.tenant-queues: " + tenant + " must match " + Tenants.ID.pattern());
      }
    }
  }

  /** The tenant whose queues a dispatch of {@code tenant} goes to; null: the shared queues. */
  public String queueTenant(String tenant) {
    return tenant != null && tenants.contains(tenant) ? tenant : null;
  }
}
