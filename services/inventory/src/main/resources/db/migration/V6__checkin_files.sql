-- A provisioning check-in names the files a device fetched in one boot (DeviceCheckin.files, at most 16, each as wide as
-- file); rows from before name one file.
alter table device_checkin add column files varchar(255)[];

-- History rows are written by one statement per polled batch, which takes each row's id from the sequence itself:
-- there is no block of ids held by Hibernate any more.
alter sequence device_checkin_seq increment by 1;
