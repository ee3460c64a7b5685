package dev.baton.orchestrator.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an API key (or open mode): its principal is the {@link Caller}. */
final class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(List.of(new SimpleGrantedAuthority(caller.role().authority())));
    this.caller = caller;
    setAuthenticated(true);
  }

  Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return ""; // the key is never kept past authentication
  }

  @Override
  public Object getPrincipal() {
    return caller;
  }

  /** The key id: what {@code request.getUserPrincipal().getName()} and access logs show. */
  @Override
  public String getName() {
    return caller.keyId();
  }
}
