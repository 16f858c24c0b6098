-- Storage quotas the operator set for single scopes (a tenant id, or '_platform'); every other scope has the default of
-- telprov.firmware.quota.tenant / .platform. (V3, not V2: a concurrent change may add a V2 to this service.)
create table scope_quota (
    scope        varchar(63)   primary key,
    quota_bytes  bigint        not null check (quota_bytes >= 0),
    updated_at   timestamptz   not null,
    updated_by   varchar(255)  not null
);
