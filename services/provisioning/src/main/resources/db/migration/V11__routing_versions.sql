-- Every replica keeps what a device gets in memory (docs/device-files.md, "Which release a device gets") and polls the
-- small tables it comes from for (key, version): a version from one sequence, bumped by every write that changes which
-- release a device gets (a publish, rollback, audience widening, pin or unpin bumps its profile's routing_version) or
-- how its files are guarded (a device-auth setting). firmware_product keeps the channel snapshot's own version, which
-- only ever increases. A deleted profile disappears from the poll.
create sequence routing_version;
alter table profile add column routing_version bigint not null default nextval('routing_version');
alter table device_auth add column version bigint not null default nextval('routing_version');
