//! The court officer's queue of doubtful face verifications (人工复核): listed and decided
//! online, at the court that decides (nothing of it is stored on the desktop).

use crate::{App, AppResult};
use ecourt_api::{
    FaceReviewDecision, FaceReviewDecisionRequest, FaceReviewQueue, FaceReviewResult,
};

impl App {
    pub async fn face_reviews(&self) -> AppResult<FaceReviewQueue> {
        Ok(self.online_client().await?.face_reviews().await?)
    }

    pub async fn decide_face_review(
        &self,
        id: i64,
        decision: FaceReviewDecision,
        reason: String,
    ) -> AppResult<FaceReviewResult> {
        let req = FaceReviewDecisionRequest { decision, reason };
        Ok(self
            .online_client()
            .await?
            .decide_face_review(id, &req)
            .await?)
    }
}
