-- The outbox's two lanes: rows of single API calls (bulk = false) are relayed ahead of a bulk import's rows.
alter table outbox_event add column bulk boolean not null default false;
drop index outbox_event_due;
create index outbox_event_lane on outbox_event (bulk, id);
-- An interactive row waits for an earlier pending row of the same key, so one aggregate's events leave in order.
create index outbox_event_key on outbox_event (message_key, id);
