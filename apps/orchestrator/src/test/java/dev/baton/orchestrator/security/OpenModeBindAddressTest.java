package dev.baton.orchestrator.security;

import static dev.baton.orchestrator.security.OpenModeBindAddress.decide;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.security.OpenModeBindAddress.Bind;
import org.junit.jupiter.api.Test;

class OpenModeBindAddressTest {

  @Test
  void withoutAConfiguredOrRequiredKeyTheServerListensOnLoopbackOnly() {
    assertThat(decide(null, false, false)).isEqualTo(Bind.LOOPBACK_ONLY);
    assertThat(decide("", false, false)).isEqualTo(Bind.LOOPBACK_ONLY);
    assertThat(OpenModeBindAddress.LOOPBACK.getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void configuredOrRequiredKeysListenOnEveryInterface() {
    assertThat(decide(null, true, false)).isEqualTo(Bind.EVERY_INTERFACE);
    assertThat(decide(" ", false, true)).isEqualTo(Bind.EVERY_INTERFACE);
  }

  @Test
  void anExplicitAddressAlwaysWins() {
    assertThat(decide("0.0.0.0", false, false)).isEqualTo(Bind.AS_CONFIGURED);
    assertThat(decide("10.0.0.5", true, true)).isEqualTo(Bind.AS_CONFIGURED);
  }
}
