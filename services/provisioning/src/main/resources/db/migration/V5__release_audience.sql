-- Who a release is for (a staged publish): every device of the profile when both are null, the devices with the label,
-- or the devices whose bucket (docs/device-files.md) is below the percentage. A release's audience may only widen.
alter table release
    add column audience_label   varchar(50),
    add column audience_percent integer,
    add constraint release_audience check (
        (audience_label is null or audience_percent is null)
        and (audience_percent is null or audience_percent between 1 and 99));
