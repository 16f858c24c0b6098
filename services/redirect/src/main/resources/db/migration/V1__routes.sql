-- The redirect service's read model, built from inventory's events only.

create table tenant_route (
    tenant_id    varchar(63)   primary key,
    url_template varchar(2048) not null,
    active       boolean       not null,
    version      bigint        not null
);

-- mac: the 48-bit address as a number, the same key the in-memory table uses.
create table device_route (
    mac       bigint       primary key,
    tenant_id varchar(63)  not null,
    vendor    varchar(50)  not null,
    model     varchar(50)  not null,
    serial    varchar(100),
    released  boolean      not null,
    version   bigint       not null
);
