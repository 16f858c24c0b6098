-- How the redirect service authenticates the tenant's phones (TenantSnapshot.redirectAuth): off for every existing
-- tenant, as before.
alter table tenant add column redirect_auth varchar(32) not null default 'none'
    check (redirect_auth in ('none', 'client-certificate'));
