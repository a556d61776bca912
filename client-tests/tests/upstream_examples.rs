//! Every example in the upstream document's porting slice deserializes into the generated
//! models: a full instance of each porting component schema is assembled from upstream's own
//! property examples, and every response-level example is read into its operation's type.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use telnyx_porting::models;

fn upstream() -> Option<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/openapi/telnyx-spec3.yml"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => Some(serde_yaml_ng::from_str(&text).expect("upstream document parses as YAML")),
        Err(e) => {
            println!("SKIPPED: upstream document not found at {path} ({e}); CI always has it");
            None
        }
    }
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference.strip_prefix('#').expect("local reference");
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling upstream reference {reference}"))
}

/// An instance of `schema` built from examples: a schema-level example wins; objects take every
/// property that has one; arrays hold one item; unions take their first non-null member.
fn instance(doc: &Value, schema: &Value, depth: usize, used: &mut usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return instance(doc, resolve(doc, r), depth + 1, used);
    }
    if let Some(example) = schema.get("example") {
        *used += 1;
        return Some(example.clone());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema.get(key).and_then(Value::as_array) {
            let member = members
                .iter()
                .find(|m| m.get("type").and_then(Value::as_str) != Some("null"))?;
            return instance(doc, member, depth + 1, used);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let mut out = Map::new();
        for (name, prop) in props {
            if let Some(v) = instance(doc, prop, depth + 1, used) {
                out.insert(name.clone(), v);
            }
        }
        return Some(Value::Object(out));
    }
    if let Some(items) = schema.get("items") {
        return instance(doc, items, depth + 1, used).map(|v| Value::Array(vec![v]));
    }
    None
}

fn check<T: DeserializeOwned>(what: &str, value: Value) -> Result<(), String> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .map(|_| ())
        .map_err(|e| format!("{what}: {} at {}: {value}", e.inner(), e.path()))
}

fn check_component(name: &str, value: Value) -> Result<(), String> {
    let what = format!("components/schemas/{name}");
    match name {
        "AUIdVerificationParams" => check::<models::AuIdVerificationParams>(&what, value),
        "CreatePortingOrder" => check::<models::CreatePortingOrder>(&what, value),
        "CreatePortingOrderComment" => check::<models::CreatePortingOrderComment>(&what, value),
        "ExportPortingOrdersCSVReport" => {
            check::<models::ExportPortingOrdersCsvReport>(&what, value)
        }
        "GetSubRequestByPortingOrder" => check::<models::GetSubRequestByPortingOrder>(&what, value),
        "PaginationMeta" => check::<models::PaginationMeta>(&what, value),
        "PortabilityCheckDetails" => check::<models::PortabilityCheckDetails>(&what, value),
        "PortabilityStatus" => check::<models::PortabilityStatus>(&what, value),
        "PortingActionRequirement" => check::<models::PortingActionRequirement>(&what, value),
        "PortingAdditionalDocument" => check::<models::PortingAdditionalDocument>(&what, value),
        "PortingAssociatedPhoneNumber" => {
            check::<models::PortingAssociatedPhoneNumber>(&what, value)
        }
        "PortingEvent" => check::<models::PortingEvent>(&what, value),
        "PortingEventDeletedPayload" => check::<models::PortingEventDeletedPayload>(&what, value),
        "PortingEventMessagingChangedPayload" => {
            check::<models::PortingEventMessagingChangedPayload>(&what, value)
        }
        "PortingEventNewCommentEvent" => check::<models::PortingEventNewCommentEvent>(&what, value),
        "PortingEventSplitEvent" => check::<models::PortingEventSplitEvent>(&what, value),
        "PortingEventStatusChangedEvent" => {
            check::<models::PortingEventStatusChangedEvent>(&what, value)
        }
        "PortingEventWithoutWebhook" => check::<models::PortingEventWithoutWebhook>(&what, value),
        "PortingLOAConfiguration" => check::<models::PortingLoaConfiguration>(&what, value),
        "PortingOrder" => check::<models::PortingOrder>(&what, value),
        "PortingOrderActivationSettings" => {
            check::<models::PortingOrderActivationSettings>(&what, value)
        }
        "PortingOrderActivationStatus" => {
            check::<models::PortingOrderActivationStatus>(&what, value)
        }
        "PortingOrderDocuments" => check::<models::PortingOrderDocuments>(&what, value),
        "PortingOrderEndUser" => check::<models::PortingOrderEndUser>(&what, value),
        "PortingOrderEndUserAdmin" => check::<models::PortingOrderEndUserAdmin>(&what, value),
        "PortingOrderEndUserLocation" => check::<models::PortingOrderEndUserLocation>(&what, value),
        "PortingOrderMessaging" => check::<models::PortingOrderMessaging>(&what, value),
        "PortingOrderMisc" => check::<models::PortingOrderMisc>(&what, value),
        "PortingOrderPhoneNumberConfiguration" => {
            check::<models::PortingOrderPhoneNumberConfiguration>(&what, value)
        }
        "PortingOrderRequirement" => check::<models::PortingOrderRequirement>(&what, value),
        "PortingOrderRequirementDetail" => {
            check::<models::PortingOrderRequirementDetail>(&what, value)
        }
        "PortingOrderSharingToken" => check::<models::PortingOrderSharingToken>(&what, value),
        "PortingOrderStatus" => check::<models::PortingOrderStatus>(&what, value),
        "PortingOrderType" => check::<models::PortingOrderType>(&what, value),
        "PortingOrderUserFeedback" => check::<models::PortingOrderUserFeedback>(&what, value),
        "PortingOrdersActivationJob" => check::<models::PortingOrdersActivationJob>(&what, value),
        "PortingOrdersAllowedFocWindow" => {
            check::<models::PortingOrdersAllowedFocWindow>(&what, value)
        }
        "PortingOrdersComment" => check::<models::PortingOrdersComment>(&what, value),
        "PortingOrdersExceptionType" => check::<models::PortingOrdersExceptionType>(&what, value),
        "PortingPhoneNumber" => check::<models::PortingPhoneNumber>(&what, value),
        "PortingPhoneNumberBlock" => check::<models::PortingPhoneNumberBlock>(&what, value),
        "PortingPhoneNumberConfiguration" => {
            check::<models::PortingPhoneNumberConfiguration>(&what, value)
        }
        "PortingPhoneNumberExtension" => check::<models::PortingPhoneNumberExtension>(&what, value),
        "PortingReport" => check::<models::PortingReport>(&what, value),
        "PortingUKCarrier" => check::<models::PortingUkCarrier>(&what, value),
        "PortingVerificationCode" => check::<models::PortingVerificationCode>(&what, value),
        "UpdatePortingOrder" => check::<models::UpdatePortingOrder>(&what, value),
        "UpdatePortingOrderRequirement" => {
            check::<models::UpdatePortingOrderRequirement>(&what, value)
        }
        other => Err(format!(
            "{other}: no generated model is mapped to this upstream schema; add it here"
        )),
    }
}

use xtask::upstream::PORTING_PREFIXES;

/// Component schemas the porting operations reach, transitively.
fn porting_components(doc: &Value) -> Vec<String> {
    let refs = xtask::upstream::porting_refs(doc).unwrap_or_else(|e| panic!("{e}"));
    refs.into_iter()
        .filter_map(|r| r.strip_prefix("#/components/schemas/").map(str::to_string))
        .collect()
}

#[test]
fn every_porting_component_example_deserializes() {
    let Some(doc) = upstream() else { return };
    let names = porting_components(&doc);
    assert_eq!(
        names.len(),
        48,
        "porting slice of upstream changed: {names:?}"
    );
    let mut failures = Vec::new();
    let mut used = 0;
    for name in &names {
        let schema = &doc["components"]["schemas"][name];
        let value = instance(&doc, schema, 0, &mut used).unwrap_or(Value::Object(Map::new()));
        if let Err(e) = check_component(name, value) {
            failures.push(e);
        }
    }
    println!(
        "{} component instances built from {used} upstream examples",
        names.len()
    );
    assert!(
        used > 300,
        "too few examples used ({used}): the walk is broken"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_response(key: &str, value: Value) -> Result<(), String> {
    match key {
        "POST /porting_orders 201" => {
            check::<telnyx_porting::porting_orders::CreateResponse>(key, value)
        }
        "PATCH /porting_orders/{id} 200" => {
            check::<telnyx_porting::porting_orders::RetrieveResponse>(key, value)
        }
        "POST /porting_orders/{id}/actions/cancel 200" => {
            check::<telnyx_porting::porting_orders::RetrieveResponse>(key, value)
        }
        "POST /porting_orders/{id}/actions/confirm 200" => {
            check::<telnyx_porting::porting_orders::RetrieveResponse>(key, value)
        }
        "POST /porting_orders/{id}/actions/share 201" => {
            check::<telnyx_porting::porting_orders::actions::ShareResponse>(key, value)
        }
        "GET /porting_orders/{id}/additional_documents 200" => {
            check::<telnyx_porting::porting_orders::additional_documents::ListResponse>(key, value)
        }
        "POST /porting_orders/{id}/additional_documents 201" => check::<
            telnyx_porting::porting_orders::additional_documents::CreateResponse,
        >(key, value),
        "GET /porting_orders/{id}/verification_codes 200" => {
            check::<telnyx_porting::porting_orders::verification_codes::ListResponse>(key, value)
        }
        "POST /porting_orders/{id}/verification_codes/verify 200" => {
            check::<telnyx_porting::porting_orders::verification_codes::VerifyResponse>(key, value)
        }
        "GET /porting_phone_numbers 200" => {
            check::<telnyx_porting::porting_phone_numbers::ListResponse>(key, value)
        }
        other => Err(format!(
            "{other}: upstream has a JSON example for it; map it to its generated type here"
        )),
    }
}

#[test]
fn every_porting_response_example_deserializes() {
    let Some(doc) = upstream() else { return };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !PORTING_PREFIXES.iter().any(|pre| path.starts_with(pre)) {
            continue;
        }
        for (method, op) in item.as_object().expect("path item") {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                let Some(json) = response.pointer("/content/application~1json") else {
                    continue;
                };
                let examples: Vec<Value> = [json.get("example"), json.pointer("/schema/example")]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .chain(
                        json.get("examples")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|m| {
                                m.values()
                                    .filter_map(|e| e.get("value").cloned())
                                    .collect::<Vec<_>>()
                            }),
                    )
                    .collect();
                for example in examples {
                    let key = format!("{} {path} {status}", method.to_uppercase());
                    checked += 1;
                    if let Err(e) = check_response(&key, example) {
                        failures.push(e);
                    }
                }
            }
        }
    }
    println!("{checked} upstream response examples checked");
    assert!(
        checked >= 9,
        "expected the upstream response examples, found {checked}"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
