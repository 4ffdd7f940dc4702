-- Consents recorded step by step (留痕: who, what, which text, when), and a
-- lawyer's practising certificate on the account. Twin of ../postgres/0005_consents_and_licences.sql.

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    -- biometric (separate consent to face processing)
    kind TEXT NOT NULL,
    -- The SHA-256 prefix of the exact text shown.
    text_version TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX consents_by_account ON consents(account_id, kind, at);

ALTER TABLE account_identity ADD COLUMN licence_number TEXT;
ALTER TABLE account_identity ADD COLUMN law_firm TEXT;
