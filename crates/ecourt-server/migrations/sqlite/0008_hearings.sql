-- Online hearings (在线庭审): the hearing of a case, each summoned person's consent and mode,
-- and the hearing record of connections, causes and the court's acts. Twin of
-- ../postgres/0008_hearings.sql.

CREATE TABLE hearings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    scheduled_at TEXT NOT NULL,
    courtroom TEXT NOT NULL,
    -- scheduled | open | paused | ended
    state TEXT NOT NULL DEFAULT 'scheduled',
    opened_at TEXT,
    ended_at TEXT
);
CREATE INDEX hearings_case ON hearings(case_id);

-- Who is summoned (the case's participants with an account, court staff included) and how
-- they take part: mode pending | online | offline, with the ground when offline.
CREATE TABLE hearing_attendees (
    hearing_id INTEGER NOT NULL REFERENCES hearings(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    mode TEXT NOT NULL DEFAULT 'pending',
    ground TEXT,
    answered_at TEXT,
    rules_accepted_at TEXT,
    rules_version TEXT,
    PRIMARY KEY (hearing_id, account_id)
);

-- The hearing record: every connect, disconnect (with its cause), reconnect, leave and act.
CREATE TABLE hearing_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hearing_id INTEGER NOT NULL REFERENCES hearings(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    by_account_id INTEGER REFERENCES accounts(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    cause TEXT,
    detail TEXT
);
CREATE INDEX hearing_log_hearing ON hearing_log(hearing_id, id);
