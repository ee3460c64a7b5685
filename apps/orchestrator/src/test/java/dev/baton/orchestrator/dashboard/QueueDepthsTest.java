package dev.baton.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.orchestrator.registry.DefinitionRegistry;
import dev.baton.protocol.Topology;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

class QueueDepthsTest {

  @Test
  void aBrokerThatDoesNotAnswerGivesUnknownDepthsAfterOneAttempt() {
    var registry = mock(DefinitionRegistry.class);
    when(registry.latestOfEach()).thenReturn(List.of());
    var taskTypes = mock(TaskTypes.class);
    when(taskTypes.distinct(anyInt())).thenReturn(List.of("b", "a"));
    var connections = mock(ConnectionFactory.class);
    when(connections.createConnection())
        .thenThrow(new AmqpConnectException(new ConnectException("refused")));

    var depths = new QueueDepths(registry, taskTypes, new Topology("t"), connections).all();

    assertThat(depths)
        .containsExactly(
            new QueueDepth("a", "t.tasks.a", false, false, null, null),
            new QueueDepth("b", "t.tasks.b", false, false, null, null));
    verify(connections, times(1)).createConnection();
  }
}
