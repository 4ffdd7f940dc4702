-- The audit log is append-only in the database itself, not only by the service's habit: an
-- UPDATE or DELETE through any connection is refused. (Someone with the rights to drop these
-- triggers can still edit rows; `audit-verify` then finds the break in the hash chain.)
-- Twin of ../postgres/0009_audit_append_only.sql.

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
