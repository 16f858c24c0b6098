-- A tenant's device-authentication setting (partner API /api/v1/device-auth). No row: mode off, every file public.
-- public_files and algorithms are JSON arrays of strings, validated by the service.
create table device_auth (
    tenant_id    varchar(63)   primary key,
    mode         varchar(10)   not null,
    public_files text          not null,
    algorithms   text          not null,
    updated_at   timestamptz   not null,
    updated_by   varchar(255)  not null
);
