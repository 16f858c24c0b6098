-- Which HTTP Digest credentials each device holds, so a device that has credentials gets new ones only through Digest
-- with its current ones (docs/device-files.md, "Device authentication"). One row per MAC that fetched a protected or
-- credential file, so bounded by the devices; a row of another tenant (the MAC moved) counts as no row.
--   authenticated_release: the release whose credentials the device last proved it holds (a Digest answer accepted);
--   handed_release: the release whose credentials it was last handed (a credentials file served), maybe not yet used.
-- Deleting a release forgets it here: a device whose releases are all gone starts over at the first stage.
create table device_credentials (
    mac                   char(12)     primary key,
    tenant_id             varchar(63)  not null,
    authenticated_release uuid         references release (id) on delete set null,
    handed_release        uuid         references release (id) on delete set null,
    updated_at            timestamptz  not null
);
create index device_credentials_authenticated on device_credentials (authenticated_release);
create index device_credentials_handed on device_credentials (handed_release);

-- Files that hand out credentials or carry parameters are never public under digest any more (credentials follow the
-- first-stage rule above; secrets never leave in a file served without Digest), whatever a stored list says.
update device_auth
set public_files = (public_files::jsonb - array['nvm/credentials.xml', 'credentials.xml', 'nvm/settings.xml',
    'device.xml', 'settings.xml', 'config.txt'])::text;
