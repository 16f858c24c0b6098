-- scope is the owning tenant's id, or '_platform' for vendor firmware the operator publishes for every tenant
-- (no tenant id can start with '_').

-- Metadata only: the bytes live in the blob store under their SHA-256, so no name, version or OEM string ever
-- becomes a file name.
create table artifact (
    id            uuid          primary key,
    scope         varchar(63)   not null,
    vendor        varchar(50)   not null,
    product       varchar(50)   not null,
    version       varchar(64)   not null,
    oem_name      varchar(100),
    release_notes varchar(4000),
    size          bigint        not null,
    sha256        char(64)      not null,
    md5           char(32)      not null,
    created_at    timestamptz   not null,
    created_by    varchar(255)  not null
);
-- One version per product and scope; uploads insert with "on conflict do nothing" against it.
create unique index artifact_version on artifact (scope, vendor, product, version);
create index artifact_by_blob on artifact (sha256);

-- A product's channels move one at a time: this row's lock orders them and its counter versions the snapshot the
-- firmware.channel.updated event carries.
create table product (
    scope           varchar(63)  not null,
    vendor          varchar(50)  not null,
    product         varchar(50)  not null,
    channel_version bigint       not null,
    primary key (scope, vendor, product)
);

create table channel (
    id          uuid         primary key,
    scope       varchar(63)  not null,
    vendor      varchar(50)  not null,
    product     varchar(50)  not null,
    name        varchar(32)  not null,
    artifact_id uuid         not null references artifact (id),
    updated_at  timestamptz  not null
);
create unique index channel_name on channel (scope, vendor, product, name);
create index channel_by_artifact on channel (artifact_id);
