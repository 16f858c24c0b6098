-- Tenants whose phones must show a TLS client certificate naming the MAC they ask for (TenantSnapshot.redirectAuth).
alter table tenant_route add column client_certificate boolean not null default false;
