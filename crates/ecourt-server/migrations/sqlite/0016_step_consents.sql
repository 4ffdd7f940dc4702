-- The consent ledger (在线诉讼同意, 《人民法院在线诉讼规则》 Art. 4-5; seed §1 确认、留痕): each
-- party's consent to handling one step of one case online, given, declined, withdrawn or set
-- aside by the court on an exclusion ground, with who, which case, which step, when and by
-- which verified means. Entries are only ever added; a person's standing on a step is their
-- latest entry. Twin of ../postgres/0016_step_consents.sql.

CREATE TABLE step_consents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    -- Whose consent it is, and their name as the case knew it then.
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    -- filing | mediation | evidence_exchange | hearing | service
    step TEXT NOT NULL,
    -- given | declined | withdrawn | excluded
    kind TEXT NOT NULL,
    -- Why offline (the hearing's exclusion grounds), when one applies.
    ground TEXT,
    -- The withdrawing party's own words.
    reason TEXT,
    -- filed_online | face_recheck | verified_identity | signed_in | court_record
    means TEXT NOT NULL,
    -- Who recorded it: the party, or the court officer who set an exclusion ground.
    recorded_by INTEGER NOT NULL REFERENCES accounts(id),
    at TEXT NOT NULL,
    -- The case timeline's event that shows it.
    event_id INTEGER
);
CREATE INDEX step_consents_by_case ON step_consents(case_id, account_id, step, id);

-- When a step of a case started (the filing submitted, the first hearing opened): consent to
-- it can be withdrawn only before then (Art. 5).
CREATE TABLE step_starts (
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (case_id, step)
);
