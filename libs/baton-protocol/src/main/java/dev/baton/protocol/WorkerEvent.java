package dev.baton.protocol;

/** A message a worker publishes to the events exchange. */
public sealed interface WorkerEvent permits TaskStatusEvent, TaskResultEvent, WorkerHeartbeat {}
