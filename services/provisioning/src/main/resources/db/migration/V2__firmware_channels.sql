-- The firmware read model, from the firmware service's compacted firmware-artifacts topic: the channels of each
-- product of each scope (a tenant, or '_platform' for vendor firmware), as the latest firmware.channel.updated said.
create table firmware_product (
    product_key varchar(200)  primary key,
    channels    text          not null,
    version     bigint        not null
);
