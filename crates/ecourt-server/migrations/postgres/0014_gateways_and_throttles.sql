-- The development SMS gateway's messages name the account they were sent for, so that each
-- account reads only its own. Twin of ../sqlite/0014_gateways_and_throttles.sql.

ALTER TABLE dev_sms ADD COLUMN account_id BIGINT REFERENCES accounts(id);
CREATE INDEX dev_sms_by_account ON dev_sms(account_id, phone);
