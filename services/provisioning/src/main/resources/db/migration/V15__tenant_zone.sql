-- Each tenant's IANA time zone, from inventory's tenant events (TenantSnapshot.timeZone, tenant.TenantZoneProjection),
-- in which its rollouts' maintenance windows are read (docs/rollouts.md). A tenant without a row is in UTC.
-- version: the snapshot's; a row is written only over an older one, so redeliveries and replays change nothing.
create table tenant_zone (
    tenant_id  varchar(63)  primary key,
    time_zone  varchar(64)  not null,
    version    bigint       not null
);
