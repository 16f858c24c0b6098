-- A check-in history belongs to one claim of a MAC, not to the MAC: a tenant that claims a released MAC must not read
-- the previous owner's source addresses and User-Agents. A claim is the owning tenant and the device's created_at
-- (which every claim sets anew); each check-in row names both.
alter table device_checkin add column claimed_at timestamptz;

update device_checkin c set claimed_at = d.created_at
from device d
where d.mac = c.mac and d.tenant_id = c.tenant_id and d.released_at is null;

-- Rows of claims that have ended belong to nobody who can still ask for them.
delete from device_checkin where claimed_at is null;

alter table device_checkin alter column claimed_at set not null;
