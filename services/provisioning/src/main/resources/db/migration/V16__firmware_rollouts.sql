-- Firmware rollouts (docs/rollouts.md). (V16, not V15: a concurrent change may add a V15 to this service.)

-- What a rollout needs to know of an artifact: its product (a rollout brings it to that product's channel only) and
-- the version it announces once flashed. From firmware.published and the channel snapshots; null for the artifacts
-- learnt before (a rollout refuses those as unknown until the firmware service publishes them again).
alter table firmware_artifact add column vendor varchar(50);
alter table firmware_artifact add column product varchar(50);
alter table firmware_artifact add column version varchar(64);

-- The offers of firmware rollouts in the channel resolution (FirmwareChannelLookup): offers_version grows whenever a
-- firmware rollout's offers may have changed (an offer, a withdrawal, a rollback, its end), so every replica's memory
-- reads the offered devices of that rollout only then; channel_moved_at: the rollout's channel moved after it ended
-- (cancelled or finished), and the devices it reached get what the channel names from then on.
alter table rollout add column offers_version bigint not null default 0;
alter table rollout add column channel_moved_at timestamptz;
