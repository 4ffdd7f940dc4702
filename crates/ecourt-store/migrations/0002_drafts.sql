-- Filing drafts (立案草稿) saved as the filer types, and the files attached to them. Local only:
-- a draft reaches the court through the outbox when it is submitted.

CREATE TABLE filing_drafts (
    id TEXT PRIMARY KEY,
    -- For a correction (补正): the case whose application this corrects.
    case_id INTEGER,
    application_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The outbox entry that carried it, once submitted; the draft is then read-only.
    submitted_mutation_id INTEGER
);

-- Attached files by content hash. Kept apart from synced document content, which the sync
-- engine prunes; these stay until no draft refers to them.
CREATE TABLE draft_files (
    sha256 TEXT PRIMARY KEY,
    mime_type TEXT NOT NULL,
    content BLOB NOT NULL
);
