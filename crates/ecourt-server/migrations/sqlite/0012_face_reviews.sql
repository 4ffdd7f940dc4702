-- The band of doubt (人工复核): doubtful face verifications wait for a court officer with the
-- card picture and the compared frames of that attempt, sealed (AES-256-GCM under the template
-- key: nonce, ciphertext, tag) and deleted once decided. Twin of ../postgres/0012_face_reviews.sql.

CREATE TABLE face_reviews (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    attempt_id INTEGER NOT NULL REFERENCES face_attempts(id),
    -- The court whose staff decide: the court of the party's latest case; '' when the party has
    -- none yet (every court of this service).
    court_code TEXT NOT NULL,
    claimed_name TEXT NOT NULL,
    claimed_id_number TEXT NOT NULL,
    assisted_by INTEGER REFERENCES accounts(id),
    distance REAL NOT NULL,
    model TEXT NOT NULL,
    -- JSON {card, frames} (JPEG, base64), sealed; NULL once decided.
    sealed_pictures BLOB,
    key_id TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES accounts(id),
    -- match, no_match or in_person, with the officer's reason.
    decision TEXT,
    reason TEXT
);
CREATE INDEX face_reviews_waiting ON face_reviews(court_code, decided_at, queued_at);

-- A shrunk copy of the card photo, sealed, kept until the identity is verified (for a review).
ALTER TABLE face_templates ADD COLUMN sealed_card_picture BLOB;

-- The officer's decision on a doubtful attempt.
ALTER TABLE face_attempts ADD COLUMN review_decision TEXT;
ALTER TABLE face_attempts ADD COLUMN reviewed_by INTEGER REFERENCES accounts(id);
ALTER TABLE face_attempts ADD COLUMN reviewed_at TEXT;
