//! Hearings: the summoned party's answer, the device check, the courtroom and its record.

use super::ipc::{Pictures, Updates};
use ecourt_api::{
    ClientSignal, CourtroomRules, DisconnectCause, ExclusionGround, HearingRecord, HearingSummary,
};
use ecourt_app::{DeviceCheck, HearingChecks, HearingUpdate};
use std::sync::Arc;

commands! {
    fn answer_hearing(
        app,
        hearing_id: i64,
        online: bool,
        ground: Option<ExclusionGround>,
    ) -> HearingSummary {
        app.answer_hearing(hearing_id, online, ground).await
    }

    fn courtroom_rules(app) -> CourtroomRules {
        app.courtroom_rules().await
    }

    fn device_check(app) -> DeviceCheck {
        app.device_check().await
    }

    fn microphone_level(app, id: String) -> f32 {
        app.microphone_level(&id).await
    }

    /// Pictures arrive on `video` as raw bytes: 8 bytes of the account id (little-endian; 0 is
    /// one's own camera), then the JPEG. Room states, alerts and sound levels arrive on `updates`.
    fn join_hearing(
        app,
        hearing_id: i64,
        camera: String,
        microphone: Option<String>,
        video: Pictures,
        updates: Updates<HearingUpdate>,
    ) -> () {
        app.join_hearing(
            hearing_id,
            camera,
            microphone,
            picture_sink(video),
            Arc::new(move |u| updates.send(u)),
        )
        .await
    }

    /// What was passed in this hearing already (the device check, the rules, entering once).
    fn hearing_checks(app, hearing_id: i64) -> HearingChecks {
        app.hearing_checks(hearing_id).await
    }

    fn hearing_devices_checked(app, hearing_id: i64, camera: String, microphone: Option<String>) -> () {
        app.hearing_devices_checked(hearing_id, camera, microphone).await
    }

    /// "重新进入": enters again with what was passed in this hearing; pictures and updates as
    /// for `join_hearing`.
    fn reenter_hearing(
        app,
        hearing_id: i64,
        video: Pictures,
        updates: Updates<HearingUpdate>,
    ) -> () {
        app.reenter_hearing(
            hearing_id,
            picture_sink(video),
            Arc::new(move |u| updates.send(u)),
        )
        .await
    }

    fn hearing_signal(app, signal: ClientSignal) -> () {
        app.hearing_signal(signal).await
    }

    fn set_hearing_muted(app, muted: bool) -> () {
        app.set_hearing_muted(muted).await;
        Ok(())
    }

    fn leave_hearing(app, cause: DisconnectCause) -> () {
        app.leave_hearing(cause).await;
        Ok(())
    }

    fn hearing_record(app, hearing_id: i64) -> HearingRecord {
        app.hearing_record(hearing_id).await
    }
}

/// Each picture as raw bytes: 8 bytes of the account id (little-endian), then the JPEG.
fn picture_sink(video: Pictures) -> ecourt_app::VideoSink {
    Arc::new(move |account_id, jpeg| {
        let mut body = Vec::with_capacity(8 + jpeg.len());
        body.extend_from_slice(&account_id.to_le_bytes());
        body.extend_from_slice(&jpeg);
        video.send(body);
    })
}
