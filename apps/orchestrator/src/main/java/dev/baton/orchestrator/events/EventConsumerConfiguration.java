package dev.baton.orchestrator.events;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.protocol.Topology;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consumer of the orchestrator's events queue. */
@Configuration(proxyBeanMethods = false)
class EventConsumerConfiguration {

  @Bean
  SimpleMessageListenerContainer workerEventsContainer(
      ConnectionFactory connectionFactory,
      Topology topology,
      WorkerEventListener listener,
      BatonProperties properties) {
    var settings = properties.events();
    var container = new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(topology.orchestratorEventsQueue());
    container.setMessageListener(listener);
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setConsumerBatchEnabled(true);
    container.setBatchSize(settings.batchSize());
    container.setPrefetchCount(settings.prefetch());
    // A partial batch is handed over after this long without a new message: bounds the latency.
    container.setReceiveTimeout(5);
    container.setBatchReceiveTimeout(settings.batchWait().toMillis());
    container.setConcurrentConsumers(settings.consumers());
    container.setDefaultRequeueRejected(true);
    // The queue is declared on connection by BrokerTopology; never give up on it.
    container.setMissingQueuesFatal(false);
    container.setRecoveryInterval(1000);
    return container;
  }
}
