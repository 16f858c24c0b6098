-- When the device last fetched a release file and a firmware image: check-ins of different services arrive out of
-- order (each service has its own outbox), so the UVC and firmware a device has are each the newest of their own kind,
-- not whatever the newest check-in of any kind carried.
alter table device add column last_uvc_at      timestamptz;
alter table device add column last_firmware_at timestamptz;
