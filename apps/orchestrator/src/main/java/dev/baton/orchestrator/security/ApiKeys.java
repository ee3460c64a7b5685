package dev.baton.orchestrator.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  private final SecurityMarks marks;
  private final Clock clock;
  private final long ttlMillis;
  private final Map<String, Caller> configured;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Once true, never false again: a key has existed, so this node never serves open mode. */
  private volatile boolean keyed;

  /** While open: until when this node trusts that no key exists (another node may issue one). */
  private volatile long openUntil;

  public ApiKeys(
      ApiKeyRepository repository,
      SecurityMarks marks,
      SecurityProperties properties,
      Clock clock) {
    this.repository = repository;
    this.marks = marks;
    this.clock = clock;
    this.ttlMillis = properties.keyCacheTtl().toMillis();
    this.configured = ConfiguredKeys.byHash(properties.keys());
    if (!configured.isEmpty()) {
      marks.recordKeysExisted(clock.instant());
    }
    boolean usable = !configured.isEmpty() || repository.existsByRevokedAtIsNull();
    if (properties.requireKeys() && !usable) {
      throw new IllegalStateException(
          "baton.security.require-keys is set (the prod profile sets it) but no usable API key"
              + " exists (none is configured, and every issued one, if any, is revoked): configure"
              + " one, e.g. BATON_SECURITY_KEYS_0_NAME=ops BATON_SECURITY_KEYS_0_ROLE=OPERATOR"
              + " BATON_SECURITY_KEYS_0_SHA256=<hex sha-256 of the key> (docs/security.md), or"
              + " leave the prod profile for local use");
    }
    if (open()) {
      log.warn(
          "\n*** Baton runs OPEN: no API key is configured or issued, so every request is served"
              + " as OPERATOR of tenant 'default'. Fine on a laptop; never expose this."
              + " Configure keys (docs/security.md) or run with the prod profile. ***");
    } else if (!usable) {
      log.error(
          "No API key is usable (none is configured, no issued one is active), so every"
              + " request is refused: a key has existed here, and Baton never returns to open mode"
              + " after that. Configure a key (BATON_SECURITY_KEYS_0_NAME, _ROLE=OPERATOR,"
              + " _SHA256; docs/security.md) and restart.");
    } else {
      log.info("API keys required: {} configured key(s), more may be issued", configured.size());
    }
  }

  /**
   * True while no key has ever existed: every request is served as {@link Caller#OPEN}. Once a key
   * has existed (configured, or issued on any node sharing the database) this is false for good:
   * revoking keys never reopens the server.
   */
  public boolean open() {
    if (keyed) {
      return false;
    }
    long now = clock.millis();
    if (now < openUntil) {
      return true;
    }
    if (!configured.isEmpty() || marks.keysExisted()) {
      keyed = true;
      return false;
    }
    openUntil = now + ttlMillis;
    return true;
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
    marks.recordKeysExisted(clock.instant());
    var record =
        repository.save(
            new ApiKey(
                UUID.randomUUID().toString(),
                name,
                target,
                role,
                KeyHashing.sha256(key),
                clock.instant()));
    keyed = true; // the first key ends open mode, on this node now, on others within the TTL
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
   * Revokes an issued key of a tenant the caller sees. A key of another tenant is {@code NOT_FOUND}
   * (404 — answered as if it did not exist). An ADMIN may not revoke an OPERATOR key, as it may not
   * issue one ({@code FORBIDDEN}). And the last key that could manage the others is not revoked
   * ({@code REFUSED}): Baton never returns to open mode, so nobody could get in again before a key
   * is configured.
   */
  @Transactional
  public Revocation revoke(Caller caller, String id) {
    var found = repository.findById(id).filter(k -> caller.sees(k.tenantId()));
    if (found.isEmpty()) {
      return Revocation.notFound();
    }
    var key = found.get();
    if (!caller.role().mayIssue(key.role())) {
      return Revocation.forbidden(
          "Key "
              + id
              + " is an "
              + key.role()
              + " key: an "
              + caller.role()
              + " may not revoke it, as it may not issue one. Ask an OPERATOR.");
    }
    if (key.active()) {
      var refusal = lastKeyRefusal(key);
      if (refusal != null) {
        return Revocation.refused(refusal);
      }
      key.revoke(clock.instant());
      cache.clear();
      log.info("API key {} ({}) revoked by {}", key.id(), key.name(), caller.keyId());
    }
    return Revocation.revoked(KeyView.of(key));
  }

  /**
   * Why revoking {@code key} would leave no key able to manage the others, or null. The active keys
   * are read with a write lock (PostgreSQL: FOR UPDATE; SQLite has one writer anyway), so two
   * instances revoking the last two keys at once cannot both pass.
   */
  private String lastKeyRefusal(ApiKey key) {
    boolean operatorConfigured =
        configured.values().stream().anyMatch(c -> c.role() == Role.OPERATOR);
    if (operatorConfigured) {
      return null;
    }
    var others =
        repository.findByRevokedAtIsNull().stream().filter(k -> !k.id().equals(key.id())).toList();
    if (configured.isEmpty() && others.isEmpty()) {
      return "Key "
          + key.id()
          + " is the last API key: revoking it would lock everyone out, since Baton never returns"
          + " to open mode. Issue another key first, or configure one (baton.security.keys,"
          + " docs/security.md).";
    }
    if (key.role() == Role.OPERATOR && others.stream().noneMatch(k -> k.role() == Role.OPERATOR)) {
      return "Key "
          + key.id()
          + " is the last OPERATOR key: without one nobody could manage keys of every tenant,"
          + " definitions or imports again. Issue another OPERATOR key first, or configure one"
          + " (baton.security.keys, docs/security.md).";
    }
    return null;
  }

  /** Whether a key id is one from configuration (those are changed there, not through the API). */
  public boolean configured(String id) {
    return configured.values().stream().anyMatch(c -> c.keyId().equals(id));
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
