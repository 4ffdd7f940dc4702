-- The desktop's cache of one account's view of one court, and its outbox.

-- Small facts: the sync cursor, this installation's client id, the next mutation id.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The signed-in session, so that the app reopens on the cases even offline.
CREATE TABLE session (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL,
    token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    account_json TEXT NOT NULL
);

-- Cases as the server last sent them (synced rows: only the sync engine writes them).
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_number TEXT,
    stage TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    next_deadline_date TEXT,
    my_roles TEXT NOT NULL,
    -- Case number, court, cause and participants' names, for search.
    search_text TEXT NOT NULL,
    detail_json TEXT NOT NULL
);
CREATE INDEX cases_by_updated ON cases(updated_at);

-- Which document content each case refers to, so that missing and unused content can be found.
CREATE TABLE case_documents (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (case_id, document_id)
);
CREATE INDEX case_documents_by_hash ON case_documents(sha256);

-- Document content by hash, checked on the way in.
CREATE TABLE document_blobs (
    sha256 TEXT PRIMARY KEY,
    mime_type TEXT NOT NULL,
    content BLOB NOT NULL
);

-- The user's actions waiting for the court, in order. `applied` entries stay until the next
-- pull brings the court's record of them, so the screen never flickers back.
CREATE TABLE outbox (
    mutation_id INTEGER PRIMARY KEY,
    case_id INTEGER,
    action_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    result_json TEXT
);
