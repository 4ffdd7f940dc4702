-- Periods running in a case (期间, 民事诉讼法 Art. 85): what starts them (e.g. the service of a
-- complaint's copy starts the defence period), counted from which day, for how many days in
-- which unit, the end, and whether the end is provisional (a year without the State Council's
-- schedule on the way). And the holiday schedules the court has loaded as data, by version:
-- loading one recomputes the provisional periods. Twin of ../postgres/0022_case_periods.sql.

CREATE TABLE case_periods (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    -- e.g. defence, appeal_judgment, appeal_ruling
    kind TEXT NOT NULL,
    -- as shown: 答辩期
    label TEXT NOT NULL,
    -- the day the period is counted from (not itself counted)
    from_date TEXT NOT NULL,
    days INTEGER NOT NULL,
    -- days | working_days
    unit TEXT NOT NULL,
    end_date TEXT NOT NULL,
    -- 1 while a year the count passes has no published schedule
    provisional INTEGER NOT NULL,
    -- whose period it is (the person served); NULL for the case as a whole
    holder_account_id INTEGER REFERENCES accounts(id),
    -- what started it, as JSON (e.g. the service's id)
    basis TEXT NOT NULL,
    -- the loaded schedule it was last counted with; NULL: the one shipped with the release
    calendar_version INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX case_periods_by_case ON case_periods(case_id, end_date);
CREATE INDEX case_periods_provisional ON case_periods(provisional, id);

CREATE TABLE court_calendars (
    version INTEGER PRIMARY KEY,
    -- the reviewed file, in the format of crates/ecourt-domain/data/holidays-cn.txt
    data TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    -- the years it holds schedules for, e.g. 2026,2027
    years TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    -- an account's id, or NULL when loaded from the command line on the court's machine
    loaded_by INTEGER REFERENCES accounts(id)
);
