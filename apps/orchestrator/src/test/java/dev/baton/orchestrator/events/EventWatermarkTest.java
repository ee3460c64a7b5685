package dev.baton.orchestrator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Topology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

class EventWatermarkTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final EventWatermark watermark =
      new EventWatermark(null, new Topology("w"), new CachingConnectionFactory(), clock);

  @Test
  void nothingIsKnownBeforeTheFirstMarkerComesBackNorBeforeTheFirstConnection() {
    assertThat(watermark.appliedUntil()).isEmpty();
    assertThat(watermark.connectedSince()).isEmpty();
  }

  @Test
  void aPassedMarkerMovesTheWatermarkToItsSendTimeAndNeverBack() {
    watermark.passed(message(watermark.markerHeaders(T0.plusSeconds(5))));
    watermark.passed(message(watermark.markerHeaders(T0.plusSeconds(2))));

    assertThat(watermark.appliedUntil()).contains(T0.plusSeconds(5));
  }

  @Test
  void markersOfAnotherOrchestratorAreDroppedAndEventsAreNotMarkers() {
    var other = new EventWatermark(null, new Topology("w"), new CachingConnectionFactory(), clock);
    var foreign = message(other.markerHeaders(T0.plusSeconds(9)));

    watermark.passed(foreign);

    assertThat(EventWatermark.isMarker(foreign)).isTrue();
    assertThat(watermark.appliedUntil()).isEmpty();
    assertThat(EventWatermark.isMarker(message(Map.of("x-other", "1")))).isFalse();
  }

  private static Message message(Map<String, Object> headers) {
    var props = new MessageProperties();
    headers.forEach(props::setHeader);
    return new Message(new byte[0], props);
  }
}
