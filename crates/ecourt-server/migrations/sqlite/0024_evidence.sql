-- Evidence exchange (证据交换 / 质证, 《人民法院在线诉讼规则》 Art. 12-19; 民诉法解释 Art. 99, 266,
-- 275). Items are sealed per version (the SHA-256 of its fields and its files' hashes) and a
-- later version never overwrites an earlier one; the files' bytes are in the court's
-- content-addressed file store (by SHA-256), never in a row. Everything here is only added to,
-- except an item's admission, an exchange's state and an original's outcome.
-- Twin of ../postgres/0024_evidence.sql.

-- Who uploaded which file (the bytes are in the file store under its hash).
CREATE TABLE evidence_files (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    sha256 TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    -- document | picture | audio | video
    kind TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (account_id, sha256)
);

CREATE TABLE evidence_items (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    submitted_by INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    -- The giver's side in the case (plaintiff, defendant, third_party; an agent's principal's).
    side TEXT NOT NULL,
    -- 证据1, 2, … per giver and case.
    number INTEGER NOT NULL,
    -- 1: given after the evidence period ended.
    late INTEGER NOT NULL,
    -- pending | admitted | not_admitted
    admission TEXT NOT NULL,
    admission_note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (case_id, submitted_by, number)
);
CREATE INDEX evidence_items_by_case ON evidence_items(case_id, id);

CREATE TABLE evidence_versions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES evidence_items(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    proves TEXT NOT NULL,
    -- original | copy
    original TEXT NOT NULL,
    pages INTEGER NOT NULL,
    sealed_sha256 TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    UNIQUE (item_id, version)
);

CREATE TABLE evidence_version_files (
    version_id INTEGER NOT NULL REFERENCES evidence_versions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
);
CREATE INDEX evidence_version_files_by_hash ON evidence_version_files(sha256);

-- The evidence period (举证期限) as set, the latest counting.
CREATE TABLE evidence_periods (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    -- ordinary | summary | small_claims
    procedure_kind TEXT NOT NULL,
    from_date TEXT NOT NULL,
    days INTEGER NOT NULL,
    ends TEXT NOT NULL,
    set_by INTEGER NOT NULL REFERENCES accounts(id),
    set_at TEXT NOT NULL
);
CREATE INDEX evidence_periods_by_case ON evidence_periods(case_id, id);

CREATE TABLE evidence_exchanges (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    -- synchronous | asynchronous
    mode TEXT NOT NULL,
    -- ordered | agreed | no_agreement
    mode_basis TEXT NOT NULL,
    -- open | closed
    state TEXT NOT NULL,
    answer_until TEXT NOT NULL,
    hearing_id INTEGER REFERENCES hearings(id),
    opened_by INTEGER NOT NULL REFERENCES accounts(id),
    opened_by_name TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    current_item INTEGER REFERENCES evidence_items(id)
);
CREATE INDEX evidence_exchanges_by_case ON evidence_exchanges(case_id, id);

CREATE TABLE evidence_exchange_parties (
    exchange_id INTEGER NOT NULL REFERENCES evidence_exchanges(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (exchange_id, account_id)
);

CREATE TABLE evidence_reminders (
    id INTEGER PRIMARY KEY,
    exchange_id INTEGER NOT NULL REFERENCES evidence_exchanges(id) ON DELETE CASCADE,
    at TEXT NOT NULL
);
CREATE INDEX evidence_reminders_by_exchange ON evidence_reminders(exchange_id, id);

-- A party's choice of mode (the latest counting); the consent itself is on the ledger.
CREATE TABLE evidence_mode_choices (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    mode TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX evidence_mode_choices_by_case ON evidence_mode_choices(case_id, id);

CREATE TABLE evidence_opinions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES evidence_items(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    -- agreed | disputed | partly_agreed, each with its reason
    authenticity TEXT NOT NULL,
    authenticity_reason TEXT,
    legality TEXT NOT NULL,
    legality_reason TEXT,
    relevance TEXT NOT NULL,
    relevance_reason TEXT,
    -- 1 | 0 | NULL (no view)
    copy_matches_original INTEGER,
    objection_reason TEXT,
    written_at TEXT NOT NULL,
    given_at TEXT NOT NULL,
    recorded_live INTEGER NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES accounts(id),
    recorded_by_name TEXT NOT NULL
);
CREATE INDEX evidence_opinions_by_case ON evidence_opinions(case_id, item_id, id);

CREATE TABLE evidence_original_requests (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES evidence_items(id) ON DELETE CASCADE,
    -- objection | unclear | archive | court_necessary
    ground TEXT NOT NULL,
    reason TEXT NOT NULL,
    asked_by INTEGER NOT NULL REFERENCES accounts(id),
    asked_by_name TEXT NOT NULL,
    opinion_id INTEGER REFERENCES evidence_opinions(id),
    requested_at TEXT NOT NULL,
    -- requested | provided | checked_offline | not_provided
    outcome TEXT NOT NULL,
    outcome_note TEXT,
    decided_at TEXT
);
CREATE INDEX evidence_originals_by_item ON evidence_original_requests(item_id, id);

CREATE TABLE evidence_deposits (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES evidence_items(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    reference TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    -- matches | differs | unverified
    outcome TEXT NOT NULL,
    verifier TEXT NOT NULL,
    declared_by INTEGER NOT NULL REFERENCES accounts(id),
    declared_at TEXT NOT NULL
);
CREATE INDEX evidence_deposits_by_item ON evidence_deposits(item_id, id);

CREATE TABLE evidence_views (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES evidence_items(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    viewed_at TEXT NOT NULL,
    -- file | screen | room
    via TEXT NOT NULL
);
CREATE INDEX evidence_views_by_item ON evidence_views(item_id, id);

-- The judge's leave for one party to answer after the period (准许延期).
CREATE TABLE evidence_leaves (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    until_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    granted_by INTEGER NOT NULL REFERENCES accounts(id),
    granted_at TEXT NOT NULL
);
CREATE INDEX evidence_leaves_by_case ON evidence_leaves(case_id, account_id, id);
