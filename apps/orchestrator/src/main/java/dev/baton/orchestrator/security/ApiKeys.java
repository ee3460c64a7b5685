package dev.baton.orchestrator.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The keys Baton knows (from configuration and issued through the API), and what a presented key
 * authenticates as. Lookups are cached for {@code baton.security.key-cache-ttl}, hits and misses
 * alike, so a flood of bad keys costs no database reads; issuing and revoking on this node take
 * effect here at once, on other nodes within the TTL.
 */
@Service
public class ApiKeys {

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
  private static final int MAX_CACHED = 10_000;

  private final ApiKeyRepository repository;
  private final Clock clock;
  private final long ttlMillis;
  private final Map<String, Caller> configured;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile Cached openMode;

  public ApiKeys(ApiKeyRepository repository, SecurityProperties properties, Clock clock) {
    this.repository = repository;
    this.clock = clock;
    this.ttlMillis = properties.keyCacheTtl().toMillis();
    this.configured = configuredKeys(properties.keys());
    if (open()) {
      if (properties.requireKeys()) {
        throw new IllegalStateException(
            "baton.security.require-keys is set (the prod profile sets it) but no API key exists:"
                + " configure one, e.g. BATON_SECURITY_KEYS_0_NAME=ops"
                + " BATON_SECURITY_KEYS_0_ROLE=OPERATOR BATON_SECURITY_KEYS_0_SHA256=<hex sha-256"
                + " of the key> (docs/security.md), or leave the prod profile for local use");
      }
      log.warn(
          "\n*** Baton runs OPEN: no API key is configured or issued, so every request is served"
              + " as OPERATOR of tenant 'default'. Fine on a laptop; never expose this."
              + " Configure keys (docs/security.md) or run with the prod profile. ***");
    } else {
      log.info("API keys required: {} configured key(s), more may be issued", configured.size());
    }
  }

  /** True while no key exists at all: every request is served as {@link Caller#OPEN}. */
  public boolean open() {
    var known = openMode;
    long now = clock.millis();
    if (known == null || known.expiresAt < now) {
      boolean open = configured.isEmpty() && !repository.existsByRevokedAtIsNull();
      known = new Cached(open ? Optional.of(Caller.OPEN) : Optional.empty(), now + ttlMillis);
      openMode = known;
    }
    return known.caller.isPresent();
  }

  /** The caller a presented key authenticates as; empty for unknown or revoked keys. */
  public Optional<Caller> authenticate(String presentedKey) {
    var hash = KeyHashing.sha256(presentedKey);
    var fromConfiguration = configured.get(hash);
    if (fromConfiguration != null) {
      return Optional.of(fromConfiguration);
    }
    long now = clock.millis();
    var cached = cache.get(hash);
    if (cached != null && cached.expiresAt >= now) {
      return cached.caller;
    }
    var found = repository.findByKeyHash(hash).filter(ApiKey::active).map(ApiKey::caller);
    if (cache.size() >= MAX_CACHED) {
      cache.clear(); // bounded: a flood of random keys must not grow the heap
    }
    cache.put(hash, new Cached(found, now + ttlMillis));
    return found;
  }

  /** Issues a key; the answer holds the key itself, which is not stored and never shown again. */
  @Transactional
  public Issued issue(Caller issuer, String name, String tenant, Role role) {
    var target = tenant == null ? issuer.tenantId() : tenant;
    if (!issuer.sees(target)) {
      throw new KeyRequestException(
          "tenant", "must be your own tenant (" + issuer.tenantId() + ")");
    }
    if (!issuer.role().mayIssue(role)) {
      throw new KeyRequestException("role", "must not be above your own (" + issuer.role() + ")");
    }
    var key = KeyHashing.newKey();
    var record =
        repository.save(
            new ApiKey(
                UUID.randomUUID().toString(),
                name,
                target,
                role,
                KeyHashing.sha256(key),
                clock.instant()));
    openMode = null; // the first key ends open mode on this node now
    log.info("API key {} ({}) issued for tenant {} as {}", record.id(), name, target, role);
    return new Issued(KeyView.of(record), key);
  }

  /** The keys the caller may manage (OPERATOR: all; ADMIN: its tenant's), configured ones first. */
  @Transactional(readOnly = true)
  public List<KeyView> list(Caller caller) {
    var views = new ArrayList<KeyView>();
    configured.values().stream()
        .filter(c -> caller.sees(c.tenantId()))
        .map(KeyView::configured)
        .forEach(views::add);
    var stored =
        caller.scope() == null
            ? repository.findAllByOrderByCreatedAtAsc()
            : repository.findByTenantIdOrderByCreatedAtAsc(caller.scope());
    stored.stream().map(KeyView::of).forEach(views::add);
    return views;
  }

  /**
   * Revokes an issued key of a tenant the caller sees; empty when there is none (404 — a key of
   * another tenant is answered as if it did not exist).
   */
  @Transactional
  public Optional<KeyView> revoke(Caller caller, String id) {
    var key = repository.findById(id).filter(k -> caller.sees(k.tenantId()));
    key.ifPresent(
        k -> {
          k.revoke(clock.instant());
          cache.clear();
          openMode = null;
          log.info("API key {} ({}) revoked by {}", k.id(), k.name(), caller.keyId());
        });
    return key.map(KeyView::of);
  }

  /** Whether a key id is one from configuration (those are changed there, not through the API). */
  public boolean configured(String id) {
    return configured.values().stream().anyMatch(c -> c.keyId().equals(id));
  }

  private static Map<String, Caller> configuredKeys(List<SecurityProperties.ConfiguredKey> keys) {
    var byHash = new HashMap<String, Caller>();
    for (int i = 0; i < keys.size(); i++) {
      var k = keys.get(i);
      var where = "baton.security.keys[" + i + "]";
      if (k.name() == null || k.name().isBlank()) {
        throw new IllegalStateException(where + ".name is required");
      }
      if (k.role() == null) {
        throw new IllegalStateException(
            where + ".role is required (PRODUCER, WORKER, ADMIN, OPERATOR)");
      }
      if (!Tenants.valid(k.tenant())) {
        throw new IllegalStateException(where + ".tenant must match " + Tenants.ID.pattern());
      }
      String hash;
      if (k.sha256() != null && k.key() == null) {
        hash = k.sha256().toLowerCase(Locale.ROOT);
        if (!KeyHashing.isSha256(hash)) {
          throw new IllegalStateException(where + ".sha256 must be 64 hex digits");
        }
      } else if (k.key() != null && k.sha256() == null) {
        if (k.key().length() < 20) {
          throw new IllegalStateException(
              where + ".key is too short to be a secret: use at least 20 random characters");
        }
        hash = KeyHashing.sha256(k.key());
      } else {
        throw new IllegalStateException(where + " needs exactly one of key and sha256");
      }
      byHash.put(hash, new Caller("config:" + k.name(), k.name(), k.tenant(), k.role()));
    }
    return Map.copyOf(byHash);
  }

  private record Cached(Optional<Caller> caller, long expiresAt) {}

  /** A key as listed: never the key, nor its hash. */
  public record KeyView(
      String id,
      String name,
      String tenant,
      Role role,
      String source,
      Instant createdAt,
      Instant revokedAt) {

    static KeyView of(ApiKey k) {
      return new KeyView(
          k.id(), k.name(), k.tenantId(), k.role(), "api", k.createdAt(), k.revokedAt());
    }

    static KeyView configured(Caller c) {
      return new KeyView(c.keyId(), c.name(), c.tenantId(), c.role(), "configuration", null, null);
    }
  }

  /** A newly issued key: shown once. */
  public record Issued(KeyView key, String apiKey) {}
}
