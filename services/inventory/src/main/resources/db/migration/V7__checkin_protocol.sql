-- How a provisioning check-in's files were fetched (DeviceCheckin.protocol: http or tftp); null on rows from before it
-- was named and for the redirect and firmware services, which speak HTTP only.
alter table device_checkin add column protocol varchar(8);
