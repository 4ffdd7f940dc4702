//! The court serves the paths of the wire contract (`ecourt_api::routes`), no more and no
//! fewer: its OpenAPI document lists exactly those constants, the development routes only
//! where the development gateways are on. A route added, renamed or dropped on one side only
//! fails here, not at run time on a desktop.

mod common;
use common::{get, Engine, TestCourt};
use std::collections::BTreeSet;

async fn documented_paths(court: &TestCourt) -> BTreeSet<String> {
    let (status, doc) = get(court, ecourt_api::routes::OPENAPI, None).await;
    assert_eq!(status, 200);
    doc["paths"]
        .as_object()
        .expect("paths in the OpenAPI document")
        .keys()
        .cloned()
        .collect()
}

fn constants(with_dev: bool) -> BTreeSet<String> {
    let mut all = ecourt_api::routes::documented();
    if with_dev {
        all.extend_from_slice(ecourt_api::routes::DEV);
    }
    all.into_iter().map(String::from).collect()
}

#[tokio::test]
async fn the_openapi_paths_are_the_wire_contracts_constants() {
    for dev_gateways in [false, true] {
        let court = TestCourt::start_with_gateways(Engine::Sqlite, dev_gateways)
            .await
            .expect("SQLite is always available");
        let served = documented_paths(&court).await;
        let expected = constants(dev_gateways);
        assert_eq!(
            served.difference(&expected).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "documented by the court but not in ecourt_api::routes (dev gateways {dev_gateways})"
        );
        assert_eq!(
            expected.difference(&served).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "in ecourt_api::routes but not documented by the court (dev gateways {dev_gateways})"
        );
    }
}
