package dev.baton.orchestrator.security;

import dev.baton.orchestrator.OrchestratorTestBase;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.testsupport.TestDatabase;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An orchestrator with API keys configured (so not in open mode): producers, a worker and admins of
 * tenants A and B, and an operator. Its own prefix and database; the tests that extend it share one
 * context.
 */
abstract class KeyedOrchestratorIT extends OrchestratorTestBase {

  static final String PREFIX = TestBroker.uniquePrefix("security");
  private static final String DATABASE = TestDatabase.newDatabase("security-matrix-it");
  static final String PULL_TYPE = "pull-only";

  static final String PRODUCER_A = "producer-a-0123456789abcdef";
  static final String WORKER_A = "worker-a-0123456789abcdef";
  static final String ADMIN_A = "admin-a-0123456789abcdef";
  static final String ADMIN_B = "admin-b-0123456789abcdef";
  static final String PRODUCER_B = "producer-b-0123456789abcdef";
  static final String OPERATOR = "operator-0123456789abcdef";
  static final String BULK_B = "bulk-b-0123456789abcdef";

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    TestBroker.deleteTopology(
                        new Topology(PREFIX), List.of("echo", PULL_TYPE, "sha256"))));
  }

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry registry) {
    orchestratorProperties(registry, PREFIX, DATABASE);
    key(registry, 0, "producer-a", "tenant-a", "PRODUCER", PRODUCER_A);
    key(registry, 1, "worker-a", "tenant-a", "WORKER", WORKER_A);
    key(registry, 2, "admin-a", "tenant-a", "ADMIN", ADMIN_A);
    key(registry, 3, "admin-b", "tenant-b", "ADMIN", ADMIN_B);
    key(registry, 4, "producer-b", "tenant-b", "PRODUCER", PRODUCER_B);
    // The operator's key is configured by its hash only, as production should.
    registry.add("baton.security.keys[5].name", () -> "ops");
    registry.add("baton.security.keys[5].tenant", () -> "ops");
    registry.add("baton.security.keys[5].role", () -> "OPERATOR");
    registry.add("baton.security.keys[5].sha256", () -> KeyHashing.sha256(OPERATOR));
    key(registry, 6, "bulk-b", "tenant-b", "PRODUCER", BULK_B);
    // A slow refill, so a test sees a 429 after one burst (the burst holds the largest batch).
    registry.add("baton.rate-limit.tasks-per-second", () -> "0.5");
    registry.add("baton.rate-limit.burst", () -> "1000");
    // Tenant B's dispatches go to queues of its own.
    registry.add("baton.security.tenant-queues", () -> "tenant-b");
    // The test broker's user publishes as tenant-a.
    registry.add("baton.security.amqp-users.guest", () -> "tenant-a");
  }

  private static void key(
      DynamicPropertyRegistry registry,
      int i,
      String name,
      String tenant,
      String role,
      String key) {
    registry.add("baton.security.keys[" + i + "].name", () -> name);
    registry.add("baton.security.keys[" + i + "].tenant", () -> tenant);
    registry.add("baton.security.keys[" + i + "].role", () -> role);
    registry.add("baton.security.keys[" + i + "].key", () -> key);
  }
}
