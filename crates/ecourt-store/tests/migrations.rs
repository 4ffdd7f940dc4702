//! The local database's upgrade safety: a newer database is refused, a migration keeps the
//! outbox and leaves a backup first.

use ecourt_api::ActionBody;
use ecourt_store::{Store, StoreError};

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    let store = Store::open(&path).await.unwrap();
    store
        .enqueue(
            &ActionBody::SendMessage {
                case_id: 1,
                text: "x".into(),
            },
            "t",
        )
        .await
        .unwrap();
    // Pretend a newer app ran a migration this one does not know.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
    )
    .execute(&sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.unwrap())
    .await
    .unwrap();
    store.close().await;
    match Store::open(&path).await {
        Err(StoreError::NewerThanApp { found, .. }) => assert_eq!(found, 99990101000000),
        Err(other) => panic!("expected NewerThanApp, got {other}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    // The refusal changed nothing: the row the newer app wrote and the outbox are still there.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn a_pending_migration_is_preceded_by_a_backup_holding_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    let store = Store::open(&path).await.unwrap();
    store
        .enqueue(
            &ActionBody::SendMessage {
                case_id: 1,
                text: "排队中的留言".into(),
            },
            "t",
        )
        .await
        .unwrap();
    store.close().await;
    // Make the database look as if it predates the newest migration.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let newest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(newest)
        .execute(&pool)
        .await
        .unwrap();
    // Undo that migration's effect so that re-running it succeeds.
    if newest == 3 {
        sqlx::query("DROP TABLE read_marks")
            .execute(&pool)
            .await
            .unwrap();
    }
    if newest == 2 {
        for t in ["filing_drafts", "draft_files"] {
            sqlx::query(&format!("DROP TABLE {t}"))
                .execute(&pool)
                .await
                .unwrap();
        }
    }
    if newest == 1 {
        for t in [
            "outbox",
            "document_blobs",
            "case_documents",
            "cases",
            "session",
            "sync_state",
        ] {
            if t == "outbox" {
                sqlx::query("ALTER TABLE outbox RENAME TO outbox_old")
                    .execute(&pool)
                    .await
                    .unwrap();
            } else {
                sqlx::query(&format!("DROP TABLE {t}"))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
        }
    }
    pool.close().await;
    let store = Store::open(&path).await.unwrap();
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert_eq!(backups.len(), 1, "a backup is written before migrating");
    // The queued action is in the backup, taken before the migration ran.
    let backup = sqlx::SqlitePool::connect(&format!("sqlite://{}", backups[0].path().display()))
        .await
        .unwrap();
    let outbox = if newest == 1 { "outbox_old" } else { "outbox" };
    let queued: String = sqlx::query_scalar(&format!("SELECT action_json FROM {outbox}"))
        .fetch_one(&backup)
        .await
        .unwrap();
    assert!(queued.contains("排队中的留言"));
    drop(store);
}
