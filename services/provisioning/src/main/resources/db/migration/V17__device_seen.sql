-- When each device last checked in, to the hour (docs/rollouts.md, the last-seen filter): what a rollout's
-- filter.seenWithinDays reads. Written by the rollout check-in consumer (device.LastSeen) from every check-in of
-- device-checkins (redirect, provisioning, firmware), one statement per polled batch at most, a row only when its hour
-- moves: a device checking in again within the hour writes nothing.
--
-- One row per MAC, as in device: the row belongs to the tenant whose claim the check-in was made under and counts only
-- while that tenant holds the device (readers join on mac and tenant_id). A check-in of a device its tenant does not
-- hold (released, claimed by another tenant, not heard of yet) writes nothing; a release deletes the row, so a later
-- claim starts as never seen. No row: never seen.
--
-- seen_at has no index, so the hourly update is a HOT update (the fill factor leaves room on the page for it).
create table device_seen (
    mac        char(12)     primary key,
    tenant_id  varchar(63)  not null,
    seen_at    timestamptz  not null
) with (fillfactor = 90);
