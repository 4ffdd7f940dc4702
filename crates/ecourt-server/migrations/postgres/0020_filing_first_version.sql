-- A resubmitted filing (补正后重新提交) keeps the application as first filed, so the court's
-- staff see what the correction changed: set once, at the first resubmission, from the
-- application it replaces. Twin of ../sqlite/0020_filing_first_version.sql.

ALTER TABLE filings ADD COLUMN first_application TEXT;
