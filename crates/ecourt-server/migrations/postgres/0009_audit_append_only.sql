-- The audit log is append-only in the database itself, not only by the service's habit: an
-- UPDATE, DELETE or TRUNCATE through any connection is refused. (Someone with the rights to
-- disable these triggers can still edit rows; `audit-verify` then finds the break in the hash
-- chain.) Twin of ../sqlite/0009_audit_append_only.sql.

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
