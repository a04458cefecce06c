-- Limits of tenants, projects and apps (keys carry their own). Runs on H2 (PostgreSQL mode) and PostgreSQL alike.
-- The request path never reads this table: the gateway keeps it in memory and refreshes it.

create table gw_limits (
  scope varchar(16) not null,
  scope_id bigint not null,
  rpm int,
  tpm int,
  concurrency int,
  daily_tokens bigint,
  monthly_tokens bigint,
  guaranteed_tps int,
  updated_at timestamp with time zone not null,
  primary key (scope, scope_id)
);
