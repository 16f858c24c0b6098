-- Per-device settings and the layers above them (docs/device-settings.md). Profile parameter values refer to them as
-- {{setting.<name>}}; a device's value comes from the first layer that has the name: the device's own settings, then
-- the settings of its labels' groups, then the profile's (frozen in its release), then the tenant's defaults.
--
-- settings: a JSON array of {"name", "value", "secret"} in name order; a secret value is AES-GCM ciphertext.
-- changed_at: when the layer's values last changed (second resolution, strictly increasing per row), from which a
-- device's own version is derived. A layer emptied by DELETE keeps its row with [] so the change is seen and dated.
-- txid: the writing transaction, so every replica can poll what changed since its last poll without missing a
-- transaction that committed late (it reads txid >= the oldest transaction still running at its previous poll).

-- A device's own settings. The row belongs to the tenant that owns the device when it is written; it applies to the
-- device only while that tenant owns it.
create table device_settings (
    mac        char(12)     primary key,
    tenant_id  varchar(63)  not null,
    settings   jsonb        not null,
    changed_at timestamptz  not null,
    txid       xid8         not null default pg_current_xact_id()
);
create index device_settings_txid on device_settings (txid);
create index device_settings_tenant on device_settings (tenant_id, mac);

-- A tenant's defaults (label '') and the settings of every device with a label.
create table group_settings (
    tenant_id  varchar(63)  not null,
    label      varchar(50)  not null,
    settings   jsonb        not null,
    changed_at timestamptz  not null,
    txid       xid8         not null default pg_current_xact_id(),
    primary key (tenant_id, label)
);
create index group_settings_txid on group_settings (txid);
