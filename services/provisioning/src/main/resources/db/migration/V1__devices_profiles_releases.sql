-- The device read model, from inventory's compacted inventory-devices topic. A released device keeps its row (and
-- version) so a later claim of the MAC, by any tenant, is never mistaken for a stale event.
create table device (
    mac        char(12)      primary key,
    tenant_id  varchar(63)   not null,
    vendor     varchar(50)   not null,
    model      varchar(100)  not null,
    serial     varchar(100),
    profile    varchar(100),
    labels     varchar(2000) not null,
    released   boolean       not null,
    version    bigint        not null
);
create index device_by_profile on device (tenant_id, profile);

-- A tenant's editable profile. content is the profile's JSON (parameters, certificates, firmware reference,
-- per-device overrides); secret values in it are AES-GCM ciphertext. last_uvc_at is the newest release's UVC instant:
-- publishing locks this row, so UVCs of one profile are issued one at a time and strictly increase.
create table profile (
    id          uuid          primary key,
    tenant_id   varchar(63)   not null,
    name        varchar(100)  not null,
    content     text          not null,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    last_uvc_at timestamptz
);
create unique index profile_name on profile (tenant_id, name);

-- An immutable release: the profile's content frozen at publish time under its UVC.
create table release (
    id               uuid          primary key,
    profile_id       uuid          not null references profile (id) on delete cascade,
    tenant_id        varchar(63)   not null,
    uvc              char(19)      not null,
    content          text          not null,
    rolled_back_from char(19),
    created_at       timestamptz   not null,
    created_by       varchar(255)  not null
);
create unique index release_uvc on release (profile_id, uvc);
