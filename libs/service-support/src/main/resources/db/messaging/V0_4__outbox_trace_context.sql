-- The W3C trace context of the request that wrote the event (support.trace.TraceContexts), which the relay puts into
-- the record's Kafka headers; null when tracing is off. A version-00 traceparent is 55 characters; a tracestate
-- longer than 512 is not stored.
alter table outbox_event add column traceparent varchar(55);
alter table outbox_event add column tracestate varchar(512);
