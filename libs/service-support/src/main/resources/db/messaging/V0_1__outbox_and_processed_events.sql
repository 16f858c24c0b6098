-- Shared by every service (from telprov-service-support); each service gets these tables in its own schema.

-- Events written in the same transaction as the change they describe; the relay sends and then deletes them.
create sequence outbox_event_seq increment by 50;
create table outbox_event (
    id              bigint primary key,
    event_id        uuid         not null unique,
    topic           varchar(249) not null,
    message_key     varchar(255) not null,
    event_type      varchar(100) not null,
    envelope        text         not null,
    created_at      timestamptz  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      text
);
create index outbox_event_due on outbox_event (next_attempt_at, id);

-- Events a consumer has applied, checked and written in the consumer's business transaction.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);
create index processed_event_age on processed_event (processed_at);
