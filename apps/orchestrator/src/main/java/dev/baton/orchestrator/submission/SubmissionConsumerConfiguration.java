package dev.baton.orchestrator.submission;

import dev.baton.protocol.Topology;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consumer of the submissions queue. */
@Configuration(proxyBeanMethods = false)
class SubmissionConsumerConfiguration {

  @Bean
  SimpleMessageListenerContainer submissionsContainer(
      ConnectionFactory connectionFactory, Topology topology, SubmissionListener listener) {
    var container = new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(topology.submissionsQueue());
    container.setMessageListener(listener);
    // AUTO: the container acks after the listener returned, i.e. after the task's transaction
    // committed (or the message was dead-lettered); an exception requeues it.
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setPrefetchCount(50);
    container.setDefaultRequeueRejected(true);
    // The queue is declared on connection by BrokerTopology; never give up on it.
    container.setMissingQueuesFatal(false);
    container.setRecoveryInterval(1000);
    return container;
  }
}
