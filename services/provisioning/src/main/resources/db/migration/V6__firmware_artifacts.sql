-- Which scope (a tenant, or '_platform' for vendor firmware) owns each firmware artifact, from the firmware.published
-- events on firmware-artifacts: a profile or release may name an artifact id only of its own tenant or the platform.
create table firmware_artifact (
    artifact_id uuid         primary key,
    scope       varchar(63)  not null
);
