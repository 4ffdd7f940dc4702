//! Periods: the public calculator and the court's holiday schedule (no sign-in needed).

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::periods;
use ecourt_api::{Computation, CourtCalendar, PeriodComputeRequest};

impl CourtClient {
    /// The holiday schedule the court counts with, to count offline as it does.
    pub async fn court_calendar(&self) -> Result<CourtCalendar, ClientError> {
        let resp = self
            .http
            .get(self.url(periods::CALENDAR))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    pub async fn compute_period(
        &self,
        req: &PeriodComputeRequest,
    ) -> Result<Computation, ClientError> {
        let resp = self
            .http
            .post(self.url(periods::COMPUTE))
            .json(req)
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }
}
