-- An event's id is a random UUID the outbox draws for it, so it is unique by construction; consumers deduplicate by it
-- in processed_event. Its unique index was a random-order B-tree insert for every outbox row, read by nothing: 0.4 to
-- 0.9 s of a 100,000-device import's outbox rows (bench/import/BulkInsert.java, variant -nouuid).
alter table outbox_event drop constraint outbox_event_event_id_key;
