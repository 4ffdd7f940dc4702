-- The development SMS gateway's messages name the account they were sent for, so that each
-- account reads only its own. Twin of ../sqlite/0014_gateways_and_throttles.sql.

ALTER TABLE dev_sms ADD COLUMN account_id BIGINT REFERENCES accounts(id);
CREATE INDEX dev_sms_by_account ON dev_sms(account_id, phone);

-- Sign-in attempts per user name in the current window, reserved before the password is
-- checked by one upsert, so that parallel guesses are counted one at a time.
CREATE TABLE sign_in_attempts (
    username TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts BIGINT NOT NULL
);

-- One row per throttled key (an account, a phone number), locked by the transaction that
-- counts and records a code send, so that parallel sends are counted one at a time.
CREATE TABLE throttle_locks (
    key TEXT PRIMARY KEY
);
CREATE INDEX phone_codes_by_phone ON phone_codes(phone, created_at);

-- What a code is for: the number itself (verify_phone), or the party's consent to a legal
-- worker's assisted session (assisted_session, sent to the verified number, for that worker).
ALTER TABLE phone_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT 'verify_phone';
ALTER TABLE phone_codes ADD COLUMN for_worker BIGINT REFERENCES accounts(id);
