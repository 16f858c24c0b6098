-- A device pinned to one release of a profile (partner API .../profiles/{name}/pins/{mac}): it gets that release
-- instead of the newest while it is on the profile. Keyed by (profile, MAC): a pin outlives a move to another profile
-- (it simply does not apply there) and applies again if the device comes back; the profile's deletion removes it.
create table release_pin (
    profile_id uuid          not null references profile (id) on delete cascade,
    mac        char(12)      not null,
    tenant_id  varchar(63)   not null,
    release_id uuid          not null references release (id) on delete cascade,
    pinned_at  timestamptz   not null,
    pinned_by  varchar(255)  not null,
    primary key (profile_id, mac)
);
