-- The court service's tables on SQLite. The PostgreSQL twin is ../postgres/0001_court.sql:
-- keep the two in step (same tables, same columns, same meaning).

CREATE TABLE courts (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    court_code TEXT REFERENCES courts(code),
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures(username, at);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_number TEXT UNIQUE,
    court_code TEXT NOT NULL REFERENCES courts(code),
    cause TEXT NOT NULL,
    case_type TEXT NOT NULL,
    stage TEXT NOT NULL,
    next_deadline_date TEXT,
    next_deadline_label TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL
);
CREATE INDEX cases_by_change ON cases(change_seq);
CREATE INDEX cases_by_court ON cases(court_code, change_seq);

CREATE TABLE case_participants (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    represents TEXT,
    note TEXT
);
CREATE INDEX participants_by_case ON case_participants(case_id);
CREATE INDEX participants_by_account ON case_participants(account_id, case_id);

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    detail TEXT,
    actor_account_id INTEGER REFERENCES accounts(id),
    actor_name TEXT
);
CREATE INDEX events_by_case ON case_events(case_id, at);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX documents_by_case ON documents(case_id);

-- One row: the change sequence every case write advances, and the tombstone horizon below
-- which a sync cursor is too old.
CREATE TABLE sync_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    horizon INTEGER NOT NULL
);
INSERT INTO sync_clock (id, seq, horizon) VALUES (1, 0, 0);

CREATE TABLE tombstones (
    seq INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    account_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX tombstones_by_seq ON tombstones(seq);

CREATE TABLE applied_mutations (
    client_id TEXT NOT NULL,
    mutation_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    result_json TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (client_id, mutation_id)
);

-- One row: the head of the audit chain. Updating it first serialises appends.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_account_id INTEGER,
    action TEXT NOT NULL,
    case_id INTEGER,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
