package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.baton.broker.EmbeddedAmqpBroker;
import dev.baton.protocol.BrokerFlavor;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSelectionTest {

  private static final ChosenBroker LOCAL_RABBIT =
      new ChosenBroker(BrokerSelection.LOCAL_URI, BrokerFlavor.RABBITMQ, "local");
  private static final ChosenBroker CONTAINER =
      new ChosenBroker("amqp://guest:guest@localhost:32768", BrokerFlavor.RABBITMQ, "container");
  private static final ChosenBroker EMBEDDED =
      new ChosenBroker("amqp://guest:guest@127.0.0.1:40000", BrokerFlavor.QPID, "embedded");

  private final FakeCandidates candidates = new FakeCandidates();

  @Test
  void configuredUriPointingAtAnEmbeddedBrokerIsUsed() {
    try (var broker = EmbeddedAmqpBroker.start(0)) {
      var settings = new Settings(Optional.of(broker.amqpUri()), false);

      var chosen = BrokerSelection.choose(settings, new LiveCandidatesConnectOnly());

      assertThat(chosen.amqpUri()).isEqualTo(broker.amqpUri());
      assertThat(chosen.flavor()).isEqualTo(BrokerFlavor.QPID);
      assertThat(chosen.description())
          .contains("127.0.0.1:" + broker.port())
          .contains("BATON_TEST_AMQP_URI")
          .doesNotContain("guest");
    }
  }

  @Test
  void configuredUriWinsOverTheLocalService() {
    candidates.answering.put(BrokerSelection.LOCAL_URI, LOCAL_RABBIT);
    candidates.answering.put(EMBEDDED.amqpUri(), EMBEDDED);

    var chosen =
        BrokerSelection.choose(new Settings(Optional.of(EMBEDDED.amqpUri()), false), candidates);

    assertThat(chosen).isEqualTo(EMBEDDED);
    assertThat(candidates.calls).containsExactly("connect " + EMBEDDED.amqpUri());
  }

  @Test
  void configuredUriThatDoesNotAnswerFailsInsteadOfFallingBack() {
    var settings = new Settings(Optional.of("amqp://bob:secret@nowhere:5672"), false);

    assertThatThrownBy(() -> BrokerSelection.choose(settings, candidates))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BATON_TEST_AMQP_URI is set to amqp://bob:***@nowhere:5672")
        .hasMessageNotContaining("secret");
    assertThat(candidates.calls).doesNotContain("docker", "embedded");
  }

  @Test
  void localServiceIsUsedWhenNothingIsConfigured() {
    candidates.answering.put(BrokerSelection.LOCAL_URI, LOCAL_RABBIT);

    assertThat(BrokerSelection.choose(noSettings(), candidates)).isEqualTo(LOCAL_RABBIT);
    assertThat(candidates.calls).containsExactly("connect " + BrokerSelection.LOCAL_URI);
  }

  @Test
  void requiredRabbitMqThatIsMissingFailsWithWhatToDo() {
    var settings = new Settings(Optional.empty(), true);

    assertThatThrownBy(() -> BrokerSelection.choose(settings, candidates))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BATON_TEST_REQUIRE_RABBITMQ=true")
        .hasMessageContaining("127.0.0.1:5672")
        .hasMessageContaining("Connection refused")
        .hasMessageContaining("start it with: rabbitmq-server -detached")
        .hasMessageContaining("BATON_TEST_AMQP_URI");
    assertThat(candidates.calls).doesNotContain("docker", "embedded");
  }

  @Test
  void requiredRabbitMqThatIsRunningIsSimplyUsed() {
    candidates.answering.put(BrokerSelection.LOCAL_URI, LOCAL_RABBIT);

    assertThat(BrokerSelection.choose(new Settings(Optional.empty(), true), candidates))
        .isEqualTo(LOCAL_RABBIT);
  }

  @Test
  void dockerIsTriedBeforeTheEmbeddedBroker() {
    candidates.docker = Optional.of(CONTAINER);

    assertThat(BrokerSelection.choose(noSettings(), candidates)).isEqualTo(CONTAINER);
    assertThat(candidates.calls).containsExactly("connect " + BrokerSelection.LOCAL_URI, "docker");
  }

  @Test
  void embeddedBrokerIsTheLastResort() {
    assertThat(BrokerSelection.choose(noSettings(), candidates)).isEqualTo(EMBEDDED);
    assertThat(candidates.calls)
        .containsExactly("connect " + BrokerSelection.LOCAL_URI, "docker", "embedded");
  }

  @Test
  void liveEmbeddedCandidateIsAQpidBrokerThatSaysWhereItCameFrom() {
    var chosen = new LiveCandidates().embedded(); // stopped by its shutdown hook

    assertThat(chosen.flavor()).isEqualTo(BrokerFlavor.QPID);
    assertThat(chosen.amqpUri()).startsWith("amqp://guest:guest@127.0.0.1:");
    assertThat(chosen.description()).contains("Qpid").contains("(embedded");
  }

  @Test
  void dockerCandidateWithoutDockerIsEmptyAndDoesNotThrow() {
    assumeFalse(DockerRabbitMq.isDockerAvailable(), "Docker is usable here");

    assertThat(new LiveCandidates().dockerContainer()).isEmpty();
  }

  private static Settings noSettings() {
    return new Settings(Optional.empty(), false);
  }

  private static final class FakeCandidates implements BrokerSelection.Candidates {
    final Map<String, ChosenBroker> answering = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    Optional<ChosenBroker> docker = Optional.empty();

    @Override
    public ChosenBroker connect(String uri, String source) throws IOException {
      calls.add("connect " + uri);
      var broker = answering.get(uri);
      if (broker == null) {
        throw new ConnectException("Connection refused");
      }
      return broker;
    }

    @Override
    public Optional<ChosenBroker> dockerContainer() {
      calls.add("docker");
      return docker;
    }

    @Override
    public ChosenBroker embedded() {
      calls.add("embedded");
      return EMBEDDED;
    }
  }

  /** Real connections, but a test failure if selection reaches for anything else. */
  private static final class LiveCandidatesConnectOnly implements BrokerSelection.Candidates {
    @Override
    public ChosenBroker connect(String uri, String source) throws IOException {
      return BrokerIdentity.identify(uri, source);
    }

    @Override
    public Optional<ChosenBroker> dockerContainer() {
      throw new AssertionError("Docker must not be tried when a URI is configured");
    }

    @Override
    public ChosenBroker embedded() {
      throw new AssertionError("no second embedded broker when a URI is configured");
    }
  }
}
