-- Rollouts (docs/rollouts.md): a release or firmware image brought to a target's devices in groups. Every input is
-- applied under `select ... for update` of the rollout row; the new state, the offers and the rollout's event commit
-- together. A rollout outlives its profile's deletion (profile_id is not a reference): it is history.
create table rollout (
    id                          uuid          primary key,
    tenant_id                   varchar(63)   not null,
    created_by                  varchar(255)  not null,
    approved_by                 varchar(255),
    -- release or firmware
    kind                        varchar(16)   not null,
    -- profile:<tenant>/<profile> or channel:<scope>/<vendor>/<product>/<channel>: one running rollout per target
    target_key                  varchar(300)  not null,
    profile_id                  uuid,
    profile                     varchar(100),
    release_uvc                 char(19),
    vendor                      varchar(50),
    product                     varchar(50),
    channel                     varchar(32),
    artifact_id                 uuid,
    firmware_version            varchar(64),
    -- the device filter the target devices were chosen by ({"models": [...], "labels": [...], "macPrefix": "..."})
    filter                      jsonb         not null,
    -- a rollout of the failed devices of another one
    retry_of                    uuid,
    success_percent             integer       not null,
    success_action              varchar(16)   not null,
    error_percent               integer       not null,
    confirmation_window_seconds bigint        not null,
    window_opens                time,
    window_closes               time,
    window_zone                 varchar(64),
    approval_required           boolean       not null,
    start_at                    timestamptz,
    digest_refusal_limit        integer       not null,
    status                      varchar(20)   not null,
    current_group               integer       not null,
    pause_reasons               jsonb         not null,
    -- the latest time passed to the state machine (offers are stamped with it); null before the first
    clock_at                    timestamptz,
    -- devices excluded before any group took them (pinned, unsupported dialect, in no group)
    excluded                    integer       not null,
    created_at                  timestamptz   not null,
    started_at                  timestamptz,
    ended_at                    timestamptz,
    version                     bigint        not null
);
-- The RolloutGuard: two starts on one profile or channel cannot both commit.
create unique index rollout_running_target on rollout (target_key) where status in ('running', 'paused');
create index rollout_by_tenant on rollout (tenant_id, created_at desc, id);

-- A rollout's groups in order, the dynamic last group a row like the others, each with its devices counted by state,
-- written with every change of its devices, so progress over 100,000 devices reads a handful of rows.
create table rollout_group (
    rollout_id      uuid         not null references rollout (id) on delete cascade,
    position        integer      not null,
    name            varchar(100) not null,
    share           integer,
    label           varchar(50),
    -- null: the rollout's
    success_percent integer,
    success_action  varchar(16),
    error_percent   integer,
    status          varchar(16)  not null,
    error_seen      boolean      not null,
    started_at      timestamptz,
    scheduled       integer      not null,
    offered         integer      not null,
    fetched         integer      not null,
    confirmed       integer      not null,
    failed          integer      not null,
    timed_out       integer      not null,
    excluded        integer      not null,
    primary key (rollout_id, position)
);

-- One device of a rollout. mac is the MAC's 48 bits, as the device table keys devices in memory. previous_version is
-- what an emergency stop gives back (the UVC or artifact id), rolled_back_at when it did.
create table rollout_device (
    rollout_id       uuid         not null references rollout (id) on delete cascade,
    mac              bigint       not null,
    -- -1: excluded before any group took it
    group_position   integer      not null,
    dialect          varchar(16)  not null,
    state            varchar(16)  not null,
    reason           varchar(32),
    previous_version varchar(64),
    offered_at       timestamptz,
    downloaded_at    timestamptz,
    settled_at       timestamptz,
    digest_refusals  integer      not null,
    rolled_back_at   timestamptz,
    primary key (rollout_id, mac)
);
-- The paginated list of one state.
create index rollout_device_by_state on rollout_device (rollout_id, state, mac);
-- The confirmation windows that run out.
create index rollout_device_waiting on rollout_device (offered_at) where state in ('offered', 'fetched');

-- A tenant's rule for its rollouts (PUT /api/v1/rollout-policy): whether every rollout waits for a second person's
-- approval, whatever its request says. A tenant without a row requires none.
create table rollout_policy (
    tenant_id         varchar(63)  primary key,
    approval_required boolean      not null,
    updated_by        varchar(255) not null,
    updated_at        timestamptz  not null
);

-- A release published for rollouts (?audience=rollout): a device gets it only once a rollout of it offered it the
-- release and did not give it back its previous one (the rows of rollout_device the memory reads with the profile's
-- releases); the rollout's finish widens it to all.
alter table release
    add column audience_rollout boolean not null default false,
    add constraint release_audience_rollout check (
        not audience_rollout or (audience_label is null and audience_percent is null));
