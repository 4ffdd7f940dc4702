//! The TypeScript declarations of every type that crosses to the UI, generated from the Rust
//! types. `ui/src/bindings.ts` is committed; a test fails when it is stale, and
//! `UPDATE_BINDINGS=1 cargo test -p ecourt-app bindings` rewrites it.

use ts_rs::TS;

macro_rules! declarations {
    ($($t:ty),* $(,)?) => {{
        let mut out = String::from(
            "// Generated from the Rust types by crates/ecourt-app/src/bindings.rs. Do not edit by hand.\n\n",
        );
        $(
            out.push_str("export ");
            out.push_str(&<$t as TS>::decl());
            out.push_str("\n\n");
        )*
        // Ids and sizes are JSON numbers, all far below 2^53; ts-rs would call i64 `bigint`.
        out.replace("bigint", "number").trim_end().to_string() + "\n"
    }};
}

/// The whole `bindings.ts` file.
pub fn typescript() -> String {
    use ecourt_api::*;
    use ecourt_domain::*;
    declarations!(
        AccountKind,
        CaseRole,
        CaseStage,
        CaseType,
        Account,
        Deadline,
        CaseSummary,
        CaseParticipant,
        CaseEvent,
        CaseDocument,
        CaseDetail,
        ActionBody,
        ecourt_store::OutboxState,
        ecourt_store::OutboxEntry,
        ecourt_sync::Connection,
        ecourt_sync::SyncStatus,
        crate::AppErrorCode,
        crate::AppError,
        crate::Settings,
        crate::DemoAccountView,
        crate::AppInfo,
        crate::SessionView,
        crate::IdleStatus,
        IdleSignOut,
        CourtHelp,
        CourtContact,
        PartyFound,
        crate::CaseListQuery,
        crate::CaseListItem,
        crate::OutboxView,
        crate::CaseView,
        crate::DocumentView,
        ecourt_domain::filing::PartyKind,
        ecourt_domain::filing::AgentKind,
        ecourt_domain::filing::FileRef,
        ecourt_domain::filing::FilingParty,
        ecourt_domain::filing::FilingAgent,
        ecourt_domain::filing::Claim,
        ecourt_domain::filing::EvidenceItem,
        ecourt_domain::filing::FilingApplication,
        ecourt_domain::filing::Problem,
        ecourt_domain::filing::ProblemParams,
        FeeLine,
        FeeQuoteResponse,
        FilingStatus,
        CorrectionItem,
        CorrectionNotice,
        FeeStatus,
        FeeNotice,
        FilingState,
        ReviewQueueItem,
        ReviewQueue,
        FaceReviewItem,
        FaceReviewQueue,
        FaceReviewDecision,
        FaceReviewResult,
        Registration,
        ecourt_store::FilingDraft,
        crate::FilingCheck,
        crate::filing::FeeStep,
        crate::filing::FeeRules,
        crate::NoticeView,
        crate::RefusedKind,
        crate::RefusedAction,
        ecourt_store::ReadKind,
        crate::DutyKind,
        crate::Duty,
        crate::CourtDateKind,
        crate::CourtDate,
        crate::TodoList,
        crate::CalendarEntry,
        crate::CalendarWeek,
        IdNumberCheck,
        ConsentKind,
        ConsentRecord,
        ConsentText,
        IdentityStatus,
        PhoneCodeSent,
        PhoneVerified,
        DevSms,
        VerifiedIdentity,
        ChallengeStep,
        FacePurpose,
        CardAccepted,
        FaceOutcome,
        FaceVerification,
        crate::CameraView,
        crate::CameraGuide,
        crate::CapturePhase,
        HearingState,
        ExclusionGround,
        AttendanceMode,
        HearingAttendee,
        HearingSummary,
        CourtroomRules,
        HearingLogEntry,
        HearingRecord,
        DisconnectCause,
        ReconnectReport,
        ProceduralRequestKind,
        DeviceState,
        ClientSignal,
        Presence,
        RoomParticipant,
        RoomRequest,
        ShownDocument,
        RoomState,
        AlertKind,
        crate::MicrophoneView,
        crate::DeviceCheck,
        crate::HearingUpdate,
        crate::HearingChecks,
        // Evidence exchange (证据交换): the court's wire types the desktop shows.
        EvidenceProcedure,
        ExchangeMode,
        ExchangeState,
        OriginalOrCopy,
        EvidenceFileKind,
        EvidenceFile,
        EvidenceFileReceipt,
        NewEvidenceItem,
        EvidenceVersion,
        Admission,
        DepositDeclaration,
        DepositCheck,
        DepositView,
        OriginalGround,
        OriginalOutcome,
        OriginalRequestView,
        EvidenceItemView,
        OpinionStance,
        PropertyOpinion,
        OpinionRequest,
        EvidenceOpinionView,
        EvidencePeriodRequest,
        EvidencePeriodView,
        ModeChoiceRequest,
        ModeChoiceView,
        OpenExchangeRequest,
        ExchangeParty,
        ExchangeView,
        LeaveRequest,
        LeaveView,
        AdmissionRequest,
        OriginalRequest,
        OriginalOutcomeRequest,
        ViewRequest,
        EvidenceViewRecord,
        CurrentItemRequest,
        CaseEvidence,
        MatrixCell,
        MatrixRow,
        EvidenceMatrix,
        EvidencePaper,
        PeriodUnit,
        DayOff,
        Step,
        Computation,
        crate::PeriodCalendar,
        crate::PeriodAnswer,
        SignatureOutcome,
        SignatureMethod,
        DocumentSignature,
        crate::SigningView,
        // Service of documents (送达).
        ServiceChannel,
        ConsentGround,
        OtherwiseReason,
        EffectRule,
        ServiceState,
        ServiceDelivery,
        ServiceEffect,
        OtherwiseMethod,
        ServiceDispute,
        DisputeDecision,
        ServedOtherwise,
        ServedDocument,
        AddressConfirmation,
        AddressConfirmationRequest,
        CaseService,
        ServeRecipient,
        ServeRequest,
        ServeResult,
        ServiceList,
        KnownAddress,
        ServiceRecipient,
        ServiceRecipients,
        DisputeDecisionRequest,
        ServiceTaskKind,
        ServiceTask,
        ServiceTasks,
        TaskDoneRequest,
        ServicePolicyRule,
        ServicePolicy,
        ServicePolicyRequest,
        ServiceCertificate,
        crate::InboxItem,
        crate::ConfirmationNeeded,
        crate::ServiceInbox,
        crate::CertificateSaved,
        crate::EvidenceFileReady,
        crate::WaitingOpinion,
        crate::EvidenceDesk,
    )
}

/// For the freshness tests of generated files (this one and the shell's `commands.ts`):
/// rewrites `path` when `update`, then fails with the way to refresh it when the committed
/// file differs from what was generated.
pub fn check_generated(path: &std::path::Path, generated: &str, update: bool) {
    if update {
        std::fs::write(path, generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test --workspace --lib bindings` and commit it",
        path.display()
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_fresh() {
        super::check_generated(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings.ts"),
            &super::typescript(),
            std::env::var_os("UPDATE_BINDINGS").is_some(),
        );
    }
}
