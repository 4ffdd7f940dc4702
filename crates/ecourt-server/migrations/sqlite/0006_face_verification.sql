-- Face verification (人脸识别实名认证): the ID card portrait's face template (encrypted),
-- the challenges the court issued, every attempt and its decision, the digests of frames already
-- received (against replays), and the verified identity on the account.
-- Twin of ../postgres/0006_face_verification.sql.

CREATE TABLE face_templates (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    -- AES-256-GCM: 12-byte nonce, then the sealed 128 floats (little-endian) and the tag.
    sealed BLOB NOT NULL,
    key_id TEXT NOT NULL,
    model TEXT NOT NULL,
    -- SHA-256 of the card photo as received (the photo itself is not kept).
    image_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE face_challenges (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    purpose TEXT NOT NULL,
    -- Comma-separated steps, in the order asked.
    steps TEXT NOT NULL,
    nonce TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX face_challenges_by_account ON face_challenges(account_id, issued_at);

CREATE TABLE face_attempts (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    challenge_id TEXT NOT NULL REFERENCES face_challenges(id),
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL,
    distance REAL,
    threshold REAL NOT NULL,
    model TEXT NOT NULL,
    frames_sha256 TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX face_attempts_by_account ON face_attempts(account_id, at);

CREATE TABLE face_frames_seen (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    sha256 TEXT NOT NULL,
    PRIMARY KEY (account_id, sha256)
);

ALTER TABLE account_identity ADD COLUMN verified_name TEXT;
ALTER TABLE account_identity ADD COLUMN verified_id_number TEXT;
ALTER TABLE account_identity ADD COLUMN verified_at TEXT;
ALTER TABLE account_identity ADD COLUMN verified_model TEXT;
ALTER TABLE account_identity ADD COLUMN verified_assisted_by INTEGER REFERENCES accounts(id);
ALTER TABLE account_identity ADD COLUMN rechecked_at TEXT;
-- One account per person.
CREATE UNIQUE INDEX account_identity_one_per_person ON account_identity(verified_id_number);
