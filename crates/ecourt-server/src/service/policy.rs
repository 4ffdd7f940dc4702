//! The court's service policy, as data (`policy/electronic-service.json`): which document kinds
//! may not be served electronically under each rule, and of which a recipient may ask for
//! paper. The default is the seed notice's rule; a court switches to the national rule
//! (民事诉讼法 2023 Art. 90) by a row of `service_policies`, recorded in the audit chain.

use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ApiErrorCode, ServicePolicy, ServicePolicyRule};
use serde::Deserialize;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct RuleData {
    excluded_kinds: Vec<String>,
    citation: String,
}

#[derive(Deserialize)]
struct PolicyData {
    default_rule: String,
    rules: HashMap<String, RuleData>,
    paper_copy_kinds: Vec<String>,
}

fn data() -> &'static PolicyData {
    static DATA: OnceLock<PolicyData> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(include_str!("../../policy/electronic-service.json"))
            .expect("policy/electronic-service.json is valid")
    })
}

/// The policy under `rule`, from the data file.
pub fn under(rule: ServicePolicyRule) -> ServicePolicy {
    let d = data();
    let r = &d.rules[rule.as_str()];
    ServicePolicy {
        rule,
        excluded_kinds: r.excluded_kinds.clone(),
        paper_copy_kinds: d.paper_copy_kinds.clone(),
        citation: r.citation.clone(),
    }
}

pub fn default_rule() -> ServicePolicyRule {
    ServicePolicyRule::parse(&data().default_rule).expect("a known default rule")
}

/// Whether a document of `kind` may be served electronically under `policy`.
pub fn allows(policy: &ServicePolicy, kind: &str) -> bool {
    !policy.excluded_kinds.iter().any(|k| k == kind)
}

/// The policy of the court `court_code`.
pub async fn of_court(state: &AppState, court_code: &str) -> sqlx::Result<ServicePolicy> {
    let row = sqlx::query("SELECT rule FROM service_policies WHERE court_code = $1")
        .bind(court_code)
        .fetch_optional(&state.db.pool)
        .await?;
    let rule = match row {
        Some(r) => {
            let s: String = r.try_get("rule")?;
            ServicePolicyRule::parse(&s).unwrap_or_else(default_rule)
        }
        None => default_rule(),
    };
    Ok(under(rule))
}

pub async fn in_force(state: &AppState, caller: &Account) -> ApiResult<ServicePolicy> {
    match &caller.court_code {
        Some(code) => Ok(of_court(state, code).await?),
        None => Ok(under(default_rule())),
    }
}

pub async fn switch(
    state: &AppState,
    caller: &Account,
    rule: ServicePolicyRule,
) -> ApiResult<ServicePolicy> {
    let Some(code) = caller
        .court_code
        .clone()
        .filter(|_| caller.kind.is_court_staff())
    else {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff set its service policy",
        ));
    };
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO service_policies (court_code, rule, set_by, set_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (court_code) DO UPDATE SET rule = $2, set_by = $3, set_at = $4",
    )
    .bind(&code)
    .bind(rule.as_str())
    .bind(caller.id)
    .bind(crate::kernel::clock::stamp(now))
    .execute(&mut *tx)
    .await?;
    crate::kernel::audit::append(
        &mut tx,
        now,
        crate::kernel::audit::AuditEntry {
            actor_account_id: Some(caller.id),
            action: "service_policy_set",
            case_id: None,
            payload: serde_json::json!({ "court_code": code, "rule": rule.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(under(rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_notice_excludes_judgments_rulings_and_mediation_statements() {
        // 判决书、裁定书、调解书 are excluded from electronic service by the seed's notice.
        let p = under(ServicePolicyRule::SeedNotice);
        for kind in ["judgment", "ruling", "mediation_statement"] {
            assert!(!allows(&p, kind), "{kind}");
        }
        assert!(allows(&p, "complaint"));
        assert_eq!(default_rule(), ServicePolicyRule::SeedNotice);
    }

    #[test]
    fn the_national_rule_allows_them_with_paper_on_request() {
        // 民事诉讼法 Art. 90 (2023): 经受送达人同意 … 可以 … 电子送达判决书、裁定书、调解书.
        let p = under(ServicePolicyRule::National);
        assert!(allows(&p, "judgment"));
        assert!(p.paper_copy_kinds.iter().any(|k| k == "judgment"));
        assert!(p.citation.contains("第九十条"));
    }
}
