-- Case number sequences (案件编号): per court, per year, per case type, from 1, without gaps or
-- duplicates (the allocation commits or rolls back with the registration). Twin of
-- ../postgres/0002_case_number_sequences.sql.
CREATE TABLE case_number_sequences (
    court_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    case_type TEXT NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (court_code, year, case_type)
);
