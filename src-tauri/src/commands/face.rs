//! The face check: cameras, the preview, the ID card's photo and the court's live challenge.

use super::ipc::{Body, Pictures, Updates};
use ecourt_api::{CardAccepted, FacePurpose, FaceVerification};
use ecourt_app::{CameraGuide, CameraView, CapturePhase};
use std::sync::Arc;

commands! {
    fn cameras(app) -> Vec<CameraView> {
        Ok(app.cameras())
    }

    /// Preview frames (JPEG bytes) arrive on `preview`, the guide's readings on `guide`.
    fn open_camera(app, id: String, preview: Pictures, guide: Updates<CameraGuide>) -> () {
        app.open_camera(
            &id,
            Arc::new(move |jpeg| preview.send(jpeg)),
            Arc::new(move |g| guide.send(g)),
        )
        .await
    }

    fn close_camera(app) -> () {
        app.close_camera().await;
        Ok(())
    }

    /// The ID card's face side from a file, as the raw body.
    fn send_id_card(app, body: Body<'_>) -> CardAccepted {
        app.send_id_card(body.bytes("the photo")?.to_vec()).await
    }

    fn send_id_card_from_camera(app) -> CardAccepted {
        app.send_id_card_from_camera().await
    }

    /// Runs the court's challenge with the open camera; the prompts arrive on `phase`.
    fn run_face_check(
        app,
        purpose: FacePurpose,
        name: Option<String>,
        id_number: Option<String>,
        phase: Updates<CapturePhase>,
    ) -> FaceVerification {
        app.run_face_check(purpose, name, id_number, Arc::new(move |p| phase.send(p)))
            .await
    }
}
