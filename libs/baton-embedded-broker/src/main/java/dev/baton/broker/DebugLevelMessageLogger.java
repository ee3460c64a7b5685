package dev.baton.broker;

import org.apache.qpid.server.logging.LogMessage;
import org.apache.qpid.server.logging.LogSubject;
import org.apache.qpid.server.logging.MessageLogger;
import org.slf4j.LoggerFactory;

/**
 * Qpid's operational log ({@code qpid.message.*}: a line per connection, channel, consumer and
 * queue) at DEBUG instead of INFO. A host application running at INFO, as Spring Boot does, would
 * otherwise get several lines per AMQP channel. The logger names stay Qpid's own, so {@code
 * logging.level.qpid.message=DEBUG} brings them back.
 */
final class DebugLevelMessageLogger implements MessageLogger {

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public boolean isMessageEnabled(String logHierarchy) {
    return LoggerFactory.getLogger(logHierarchy).isDebugEnabled();
  }

  @Override
  public void message(LogMessage message) {
    LoggerFactory.getLogger(message.getLogHierarchy()).debug("{}", message);
  }

  @Override
  public void message(LogSubject subject, LogMessage message) {
    LoggerFactory.getLogger(message.getLogHierarchy())
        .debug("{} {}", subject.toLogString(), message);
  }
}
