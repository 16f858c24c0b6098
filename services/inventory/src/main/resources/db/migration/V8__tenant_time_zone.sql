-- The tenant's IANA time zone (TenantSnapshot.timeZone), in which its rollouts' maintenance windows are read
-- (docs/rollouts.md): UTC for every existing tenant. As wide as the request limit (Inputs.TIME_ZONE_LENGTH).
alter table tenant add column time_zone varchar(64) not null default 'UTC';
