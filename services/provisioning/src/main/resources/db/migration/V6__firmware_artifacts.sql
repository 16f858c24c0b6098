-- Which firmware artifacts each scope (a tenant, or '_platform' for vendor firmware) may name by id: a profile or
-- release names only its own tenant's or platform-wide artifacts. Learnt from firmware.published (the owner) and from
-- the channel snapshots (a channel of a scope points only at artifacts that scope may use).
create table firmware_artifact (
    artifact_id uuid         not null,
    scope       varchar(63)  not null,
    primary key (artifact_id, scope)
);

-- What this service knew before it kept artifacts: the artifacts the channels it has point at, ...
insert into firmware_artifact (artifact_id, scope)
select distinct cast(c.value ->> 'artifactId' as uuid), split_part(p.product_key, '/', 1)
from firmware_product p, jsonb_each(cast(p.channels as jsonb)) c
where c.value ->> 'artifactId' ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
on conflict do nothing;

-- ... and, so that what was published before can be published again, the ids its profiles and releases named. The
-- firmware service refuses to download another tenant's artifact whatever a profile names.
insert into firmware_artifact (artifact_id, scope)
select distinct cast(named.id as uuid), named.tenant_id
from (select tenant_id, cast(content as jsonb) -> 'firmware' ->> 'artifactId' as id from profile
      union all
      select tenant_id, cast(content as jsonb) -> 'firmware' ->> 'artifactId' as id from release) named
where named.id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
on conflict do nothing;
