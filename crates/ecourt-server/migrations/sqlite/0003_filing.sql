-- Online filing (网上立案): the application behind a case in review, the one correction notice,
-- the fee notice, and evidence uploaded before the application refers to it.
-- Twin of ../postgres/0003_filing.sql: keep the two in step.

CREATE TABLE filings (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    filer_account_id INTEGER NOT NULL REFERENCES accounts(id),
    -- The desktop's draft id: one draft files one application, however often it is pushed.
    draft_id TEXT NOT NULL,
    -- under_review, correction_requested, returned, rejected, registered
    status TEXT NOT NULL,
    application TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    -- The last day of the 7-day review, counted from the last submission (YYYY-MM-DD).
    review_due TEXT NOT NULL,
    round INTEGER NOT NULL,
    decided_at TEXT,
    decision_reasons TEXT,
    UNIQUE (filer_account_id, draft_id)
);
CREATE INDEX filings_by_status ON filings(status, review_due);

-- At most one correction notice per application (一次性告知): the key is the case.
CREATE TABLE correction_notices (
    case_id INTEGER PRIMARY KEY REFERENCES filings(case_id) ON DELETE CASCADE,
    issued_at TEXT NOT NULL,
    issued_by INTEGER NOT NULL REFERENCES accounts(id),
    deadline TEXT NOT NULL,
    items TEXT NOT NULL,
    answered_at TEXT
);

CREATE TABLE fee_notices (
    payment_number TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    amount_fen INTEGER NOT NULL,
    -- The fee's lines as JSON (label, rule, amount).
    breakdown TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    due_date TEXT NOT NULL,
    -- unpaid, paid, withdrawn
    status TEXT NOT NULL,
    pay_uri TEXT NOT NULL,
    paid_at TEXT,
    gateway_ref TEXT,
    receipt_number TEXT,
    receipt_document_id INTEGER
);
CREATE INDEX fee_notices_by_status ON fee_notices(status, due_date);

CREATE TABLE uploads (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    sha256 TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (account_id, sha256)
);
