package dev.baton.testsupport;

import dev.baton.protocol.BrokerFlavor;

/**
 * The broker the tests of this JVM use.
 *
 * @param amqpUri where to connect, with credentials
 * @param flavor what answered, from the connection's server properties
 * @param description product, version, address and where it came from; no credentials
 */
record ChosenBroker(String amqpUri, BrokerFlavor flavor, String description) {}
