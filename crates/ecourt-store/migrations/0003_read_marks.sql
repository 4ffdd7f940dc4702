-- What the account has read on this computer: notices (timeline events) and documents of the
-- court, so the home screen and the to-do panel mark the rest as new. Local only: the court
-- does not learn what was read here (service is by the court's own rules, not by this mark).

CREATE TABLE read_marks (
    -- 'event' or 'document'.
    kind TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    read_at TEXT NOT NULL,
    PRIMARY KEY (kind, case_id, item_id)
);
