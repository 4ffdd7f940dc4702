//! The SQLite and PostgreSQL migrations must build the same schema: the service runs one set of
//! queries on both (docs/ARCHITECTURE.md, "one repository layer, two engines"), so a column,
//! key or index present on one engine only is a bug that shows only in the other's deployment.
//!
//! Both engines are migrated from empty and described as a set of facts — tables, columns with
//! their type family and nullability, primary keys, foreign keys (with their delete rule),
//! unique constraints and indexes — and the two sets must be equal.

mod common;

use common::{fresh_postgres_database, postgres_admin_url};
use ecourt_server::db::Db;
use sqlx::Row;
use std::collections::BTreeSet;

/// The value families that cross the `Any` driver: a column whose family differs would decode
/// differently on the two engines.
fn family(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    match t.as_str() {
        // SQLite's INTEGER is 64-bit; on PostgreSQL only BIGINT is (INTEGER would not decode
        // as the i64 the queries read), so a 32-bit column keeps a family of its own.
        "integer" | "bigint" | "int8" => "integer".into(),
        "int4" | "int" | "int2" | "smallint" => "int32".into(),
        "text" | "character varying" | "varchar" => "text".into(),
        "blob" | "bytea" => "bytes".into(),
        "real" | "double precision" | "float8" => "real".into(),
        "boolean" | "bool" => "bool".into(),
        _ => format!("other({t})"),
    }
}

/// The schema as facts, one line each, in words the same for both engines.
type Facts = BTreeSet<String>;

async fn sqlite_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>("name"))
    .collect();
    for t in &tables {
        facts.insert(format!("table {t}"));
        // Table names come from sqlite_master itself, so quoting them is enough.
        let cols = sqlx::query(&format!(
            "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info('{t}') ORDER BY cid"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for c in &cols {
            let name: String = c.get("name");
            let declared: String = c.get("type");
            let key: i64 = c.get("pk");
            // A primary key column is never NULL on PostgreSQL; SQLite reports INTEGER PRIMARY
            // KEY (the rowid) as nullable although it cannot be. Keys are compared on their own.
            let not_null = c.get::<i64, _>("nn") == 1 || key > 0;
            facts.insert(format!(
                "column {t}.{name} {} {}",
                family(&declared),
                if not_null { "not null" } else { "null" }
            ));
            if key > 0 {
                pk.push((key, name));
            }
        }
        pk.sort();
        if !pk.is_empty() {
            let names: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
            facts.insert(format!("primary key {t}({})", names.join(",")));
        }
        let fks = sqlx::query(&format!(
            "SELECT id, seq, \"table\" AS target, \"from\" AS src, \"to\" AS dst, on_delete \
             FROM pragma_foreign_key_list('{t}') ORDER BY id, seq"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let mut by_id: std::collections::BTreeMap<i64, (String, Vec<String>, Vec<String>, String)> =
            Default::default();
        for f in &fks {
            let entry = by_id
                .entry(f.get("id"))
                .or_insert_with(|| (f.get("target"), Vec::new(), Vec::new(), f.get("on_delete")));
            entry.1.push(f.get("src"));
            entry
                .2
                .push(f.get::<Option<String>, _>("dst").unwrap_or_default());
        }
        for (target, src, dst, on_delete) in by_id.into_values() {
            facts.insert(format!(
                "foreign key {t}({}) -> {target}({}) on delete {}",
                src.join(","),
                dst.join(","),
                on_delete.to_ascii_lowercase()
            ));
        }
        let indexes = sqlx::query(&format!(
            "SELECT name, \"unique\" AS uq, origin FROM pragma_index_list('{t}')"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for i in &indexes {
            let name: String = i.get("name");
            let origin: String = i.get("origin");
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> = sqlx::query(&format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            ))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
            facts.insert(index_fact(
                t,
                &name,
                origin == "u",
                i.get::<i64, _>("uq") == 1,
                &cols,
            ));
        }
    }
    facts
}

/// An index made by `CREATE INDEX` is named by the migration, so its name must agree too; one
/// behind a `UNIQUE` constraint is named by each engine its own way, so only its columns count.
fn index_fact(table: &str, name: &str, constraint: bool, unique: bool, cols: &[String]) -> String {
    if constraint {
        format!("unique {table}({})", cols.join(","))
    } else {
        format!(
            "{} {name} on {table}({})",
            if unique { "unique index" } else { "index" },
            cols.join(",")
        )
    }
}

async fn postgres_facts(db: &Db) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>("name"))
    .collect();
    for t in &tables {
        facts.insert(format!("table {t}"));
        let cols = sqlx::query(
            "SELECT column_name::text AS name, data_type::text AS type, \
             (is_nullable = 'NO')::int::int8 AS nn FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for c in &cols {
            let name: String = c.get("name");
            let declared: String = c.get("type");
            facts.insert(format!(
                "column {t}.{name} {} {}",
                family(&declared),
                if c.get::<i64, _>("nn") == 1 {
                    "not null"
                } else {
                    "null"
                }
            ));
        }
        // Keys and indexes from the catalogue, columns in key order.
        let constraints = sqlx::query(
            "SELECT c.contype::text AS kind, \
               (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                  FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS cols, \
               COALESCE(ft.relname::text, '') AS target, \
               COALESCE((SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                  FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), '') AS dst, \
               c.confdeltype::text AS on_delete \
             FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             LEFT JOIN pg_class ft ON ft.oid = c.confrelid \
             WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace \
               AND c.contype IN ('p', 'f', 'u')",
        )
        .bind(t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for c in &constraints {
            let kind: String = c.get("kind");
            let cols: String = c.get("cols");
            match kind.as_str() {
                "p" => {
                    facts.insert(format!("primary key {t}({cols})"));
                }
                "u" => {
                    facts.insert(format!("unique {t}({cols})"));
                }
                _ => {
                    let rule = match c.get::<String, _>("on_delete").as_str() {
                        "c" => "cascade",
                        "n" => "set null",
                        "d" => "set default",
                        "r" => "restrict",
                        _ => "no action",
                    };
                    facts.insert(format!(
                        "foreign key {t}({cols}) -> {}({}) on delete {rule}",
                        c.get::<String, _>("target"),
                        c.get::<String, _>("dst"),
                    ));
                }
            }
        }
        // Indexes not behind a constraint (those are facts above already).
        let indexes = sqlx::query(
            "SELECT ic.relname::text AS name, i.indisunique::int::int8 AS uq, \
               (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                  FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols \
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
             JOIN pg_class t ON t.oid = i.indrelid \
             WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        )
        .bind(t)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for i in &indexes {
            let cols: Vec<String> = i
                .get::<String, _>("cols")
                .split(',')
                .map(str::to_string)
                .collect();
            facts.insert(index_fact(
                t,
                &i.get::<String, _>("name"),
                false,
                i.get::<i64, _>("uq") == 1,
                &cols,
            ));
        }
    }
    facts
}

fn differences(sqlite: &Facts, postgres: &Facts) -> Vec<String> {
    let mut out: Vec<String> = sqlite
        .difference(postgres)
        .map(|f| format!("only on SQLite:     {f}"))
        .collect();
    out.extend(
        postgres
            .difference(sqlite)
            .map(|f| format!("only on PostgreSQL: {f}")),
    );
    out
}

async fn migrated_sqlite(dir: &tempfile::TempDir) -> Db {
    let db = Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("court.sqlite").display()
    ))
    .await
    .unwrap();
    db.migrate().await.unwrap();
    db
}

#[tokio::test]
async fn both_engines_migrate_to_the_same_schema() {
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = sqlite_facts(&migrated_sqlite(&dir).await).await;
    let pg = Db::connect(&fresh_postgres_database(&admin).await)
        .await
        .unwrap();
    pg.migrate().await.unwrap();
    let postgres = postgres_facts(&pg).await;

    // The description is not empty or blind: it sees what the migrations are known to make.
    for known in [
        "table cases",
        "column cases.case_number text null",
        "column documents.content bytes not null",
        "primary key applied_mutations(client_id,mutation_id)",
        "foreign key correction_notices(case_id) -> filings(case_id) on delete cascade",
        "unique filings(filer_account_id,draft_id)",
        "unique index account_identity_one_per_person on account_identity(verified_id_number)",
        "index events_by_case on case_events(case_id,at)",
    ] {
        assert!(sqlite.contains(known), "SQLite's schema lacks {known:?}");
        assert!(
            postgres.contains(known),
            "PostgreSQL's schema lacks {known:?}"
        );
    }
    let diff = differences(&sqlite, &postgres);
    assert!(
        diff.is_empty(),
        "the migrations build different schemas:\n{}",
        diff.join("\n")
    );
}

/// The comparison catches what a migration on one engine only would change: a column, its
/// nullability, an index, a foreign key's delete rule.
#[tokio::test]
async fn a_change_on_one_engine_is_a_difference() {
    let dir = tempfile::tempdir().unwrap();
    let db = migrated_sqlite(&dir).await;
    let before = sqlite_facts(&db).await;
    for sql in [
        "ALTER TABLE courts ADD COLUMN seal TEXT",
        "CREATE INDEX courts_by_name ON courts(name)",
        "CREATE TABLE extra (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL \
         REFERENCES cases(id) ON DELETE CASCADE, UNIQUE (case_id))",
    ] {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
    let after = sqlite_facts(&db).await;
    let diff = differences(&after, &before);
    for expected in [
        "only on SQLite:     column courts.seal text null",
        "only on SQLite:     index courts_by_name on courts(name)",
        "only on SQLite:     table extra",
        "only on SQLite:     primary key extra(id)",
        "only on SQLite:     column extra.case_id integer not null",
        "only on SQLite:     foreign key extra(case_id) -> cases(id) on delete cascade",
        "only on SQLite:     unique extra(case_id)",
    ] {
        assert!(
            diff.iter().any(|d| d == expected),
            "{expected:?} not in {diff:#?}"
        );
    }
}

#[test]
fn type_families_follow_what_crosses_the_driver() {
    assert_eq!(family("INTEGER"), family("bigint"));
    assert_eq!(family("BLOB"), family("bytea"));
    assert_eq!(family("REAL"), family("double precision"));
    // A 32-bit PostgreSQL column is a difference, not an integer like SQLite's.
    assert_ne!(family("INTEGER"), family("int4"));
    assert_eq!(family("uuid"), "other(uuid)");
}
