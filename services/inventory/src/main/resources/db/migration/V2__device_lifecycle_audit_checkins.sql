-- Released devices stay (with their version) so a later claim continues the version sequence consumers compare.
alter table device add column released_at timestamptz;
alter table device add column labels text[] not null default '{}';

-- What the device last reported through the device-facing services (device-checkins topic).
alter table device add column first_seen       timestamptz;
alter table device add column last_seen        timestamptz;
alter table device add column last_service     varchar(20);
alter table device add column last_file        varchar(255);
alter table device add column last_uvc         varchar(32);
alter table device add column last_firmware    varchar(100);
alter table device add column last_source_ip   varchar(64);
alter table device add column last_user_agent  varchar(512);

create index device_by_tenant_model on device (tenant_id, model, mac) where released_at is null;
create index device_by_tenant_last_seen on device (tenant_id, last_seen, mac) where released_at is null;
create index device_labels on device using gin (labels);

-- Who claimed, updated, moved or released which device, with the state before and after (JSON).
create sequence audit_entry_seq increment by 50;
create table audit_entry (
    id         bigint       primary key,
    tenant_id  varchar(63)  not null,
    mac        char(12)     not null,
    action     varchar(20)  not null,
    actor      varchar(255) not null,
    at         timestamptz  not null,
    before     text,
    after      text
);
create index audit_by_tenant on audit_entry (tenant_id, id desc);
create index audit_by_mac on audit_entry (mac, id desc);

-- A bounded history of check-ins per device (the newest telprov.inventory.checkin-history rows).
create sequence device_checkin_seq increment by 50;
create table device_checkin (
    id               bigint       primary key,
    mac              char(12)     not null,
    tenant_id        varchar(63)  not null,
    service          varchar(20)  not null,
    file             varchar(255),
    uvc              varchar(32),
    firmware_version varchar(100),
    source_ip        varchar(64),
    user_agent       varchar(512),
    at               timestamptz  not null
);
create index device_checkin_by_mac on device_checkin (mac, at desc);
