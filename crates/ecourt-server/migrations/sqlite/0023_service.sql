-- Service of documents (送达; 民事诉讼法 Art. 90, 《人民法院在线诉讼规则》 Art. 29-32): address
-- confirmations in versions, one row per document served to one recipient, each channel's
-- delivery, the clerks' tasks, and each court's service rule. Twin of ../postgres/0023_service.sql.

-- 送达地址确认书: per person per case, every version kept; in force once its document is signed.
CREATE TABLE address_confirmations (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    consent_electronic INTEGER NOT NULL,
    platform INTEGER NOT NULL,
    email TEXT,
    mobile TEXT,
    postal_address TEXT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    created_at TEXT NOT NULL,
    -- When service last found its document signed (asked of signatures), for the case detail.
    signed_at TEXT,
    UNIQUE (case_id, account_id, version)
);

-- One document served to one recipient.
CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    document_sha256 TEXT NOT NULL,
    recipient_account_id INTEGER NOT NULL REFERENCES accounts(id),
    recipient_name TEXT NOT NULL,
    served_by INTEGER NOT NULL REFERENCES accounts(id),
    served_by_name TEXT NOT NULL,
    served_at TEXT NOT NULL,
    -- pending | effective | disputed | otherwise
    state TEXT NOT NULL,
    electronic INTEGER NOT NULL,
    -- express_consent | agreed_before_suit | address_in_filing | accepted_earlier_service
    ground TEXT,
    ground_detail TEXT,
    otherwise_reason TEXT,
    opened_at TEXT,
    opened_learned_at TEXT,
    receipt_confirmed_at TEXT,
    acted_at TEXT,
    effect_at TEXT,
    effect_rule TEXT,
    effect_channel TEXT,
    dispute_reason TEXT,
    dispute_at TEXT,
    dispute_upheld INTEGER,
    dispute_decision_reason TEXT,
    dispute_decided_at TEXT,
    dispute_decided_by TEXT,
    paper_copy_requested_at TEXT,
    otherwise_method TEXT,
    otherwise_at TEXT,
    otherwise_note TEXT,
    otherwise_by TEXT,
    period_id INTEGER,
    deadline_label TEXT,
    deadline_date TEXT,
    certificate_document_id INTEGER
);
CREATE INDEX services_by_case ON services(case_id, recipient_account_id, id);

-- Each channel's attempt at carrying one service.
CREATE TABLE service_deliveries (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    -- platform | email | sms
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    address_confirmed INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    arrived_at TEXT,
    failure TEXT,
    -- The court's Message-ID of an email, to match a bounce to it.
    message_id TEXT
);
CREATE INDEX service_deliveries_by_service ON service_deliveries(service_id, id);
CREATE INDEX service_deliveries_by_message ON service_deliveries(message_id);

-- The clerks' queue: serve otherwise, bounces, paper copies, disputes.
CREATE TABLE service_tasks (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    court_code TEXT NOT NULL,
    -- serve_otherwise | bounce | paper_copy | dispute
    kind TEXT NOT NULL,
    reason TEXT,
    detail TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT,
    done_by INTEGER REFERENCES accounts(id)
);
CREATE INDEX service_tasks_open ON service_tasks(court_code, done_at, created_at, id);

-- The rule a court switched to; none: the policy file's default.
CREATE TABLE service_policies (
    court_code TEXT PRIMARY KEY REFERENCES courts(code),
    rule TEXT NOT NULL,
    set_by INTEGER NOT NULL REFERENCES accounts(id),
    set_at TEXT NOT NULL
);
