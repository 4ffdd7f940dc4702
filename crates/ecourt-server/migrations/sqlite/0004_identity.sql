-- Real-name identity (实名认证): one-time codes to a mobile number, the development SMS
-- gateway's messages, and what each account has proven. Twin of ../postgres/0004_identity.sql.

CREATE TABLE phone_codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    phone TEXT NOT NULL,
    -- SHA-256 of the account id, the phone and the code: the code itself is never stored.
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    -- Set when the code was used, or given up after too many wrong tries.
    closed_at TEXT
);
CREATE INDEX phone_codes_by_account ON phone_codes(account_id, created_at);

-- Messages the development SMS gateway "sent" (embedded and demo courts only).
CREATE TABLE dev_sms (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    sent_at TEXT NOT NULL
);

CREATE TABLE account_identity (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    phone TEXT,
    phone_verified_at TEXT
);
