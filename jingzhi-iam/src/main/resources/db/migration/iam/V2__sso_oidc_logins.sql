-- Sign-ins started at an OpenID provider and not yet finished. A row lives for minutes and is deleted when the
-- callback arrives, so a state can be used once, on any replica. The state is stored only as its hash.
create table iam_oidc_logins (
  state_hash varchar(64) primary key,
  provider_id varchar(32) not null,
  nonce varchar(128) not null,
  code_verifier varchar(128) not null,
  browser_hash varchar(64) not null,
  redirect_uri varchar(1000) not null,
  expires_at timestamp with time zone not null
);
create index iam_oidc_logins_expiry on iam_oidc_logins (expires_at);
