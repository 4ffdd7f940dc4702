-- A shared office machine (issue 12): the court's own litigation service number, shown beside
-- 12368 on every screen, and the court whose district a grassroots legal worker's office
-- serves, so that the worker finds only that court's parties. Twin of ../postgres/0019_office.sql.

ALTER TABLE courts ADD COLUMN phone TEXT;

CREATE TABLE legal_worker_courts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
    court_code TEXT NOT NULL REFERENCES courts(code)
);
