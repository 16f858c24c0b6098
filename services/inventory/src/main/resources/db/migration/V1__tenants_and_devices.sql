create table tenant (
    id                        varchar(63)   primary key,
    name                      varchar(200)  not null,
    provisioning_url_template varchar(2048) not null,
    status                    varchar(20)   not null,
    version                   bigint        not null,
    created_at                timestamptz   not null,
    updated_at                timestamptz   not null
);

-- A MAC is the primary key: it belongs to at most one tenant, whatever the races between partners.
create table device (
    mac        char(12)     primary key,
    tenant_id  varchar(63)  not null references tenant (id),
    vendor     varchar(50)  not null,
    model      varchar(50)  not null,
    serial     varchar(100),
    profile    varchar(100),
    version    bigint       not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null
);
create index device_by_tenant on device (tenant_id, mac);
