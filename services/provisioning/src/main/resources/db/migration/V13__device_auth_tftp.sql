-- The dialects whose files a tenant lets TFTP serve (a JSON array of dialect ids, validated by the service); none by
-- default, as TFTP has no authentication.
alter table device_auth add column tftp_dialects text not null default '[]';
