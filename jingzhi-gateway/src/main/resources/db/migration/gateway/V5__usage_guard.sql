-- What the security guard did to a call: guard_input block | answer | mask (block and answer: the upstream was not
-- called), guard_output block | mask; null when it let the text pass untouched (or was off).
alter table gw_usage add column guard_input varchar(8);
alter table gw_usage add column guard_output varchar(8);
