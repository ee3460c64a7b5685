package dev.baton.orchestrator.submission;

import dev.baton.orchestrator.BatonProperties;
import dev.baton.protocol.Topology;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consumer of the submissions queue: batches, each acked message by message after commit. */
@Configuration(proxyBeanMethods = false)
class SubmissionConsumerConfiguration {

  @Bean
  SimpleMessageListenerContainer submissionsContainer(
      ConnectionFactory connectionFactory,
      Topology topology,
      SubmissionListener listener,
      BatonProperties properties) {
    var settings = properties.submissions();
    var container = new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(topology.submissionsQueue());
    container.setMessageListener(listener);
    // MANUAL: the listener acks each message once its task is committed (or it was dead-lettered)
    // and requeues the rest when the database fails, so a stored submission is never redelivered
    // because a later one of its batch could not be stored.
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setConsumerBatchEnabled(true);
    container.setBatchSize(settings.batchSize());
    // Above the batch: the next batch is already here while this one commits.
    container.setPrefetchCount(settings.prefetch());
    container.setReceiveTimeout(5);
    container.setBatchReceiveTimeout(settings.batchWait().toMillis());
    container.setDefaultRequeueRejected(true);
    // The queue is declared on connection by BrokerTopology; never give up on it.
    container.setMissingQueuesFatal(false);
    container.setRecoveryInterval(1000);
    return container;
  }
}
