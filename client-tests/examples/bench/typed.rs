//! The baseline: what someone would write by hand with reqwest and serde, typed structs for the
//! fields a porting order carries, and a page loop that follows `meta`.

// Decoding the fields is the work measured; nothing reads them afterwards.
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    pub data: Vec<Order>,
    pub meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
pub struct Meta {
    pub page_number: Option<i64>,
    pub total_pages: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Order {
    pub activation_settings: Option<ActivationSettings>,
    pub additional_steps: Option<Vec<String>>,
    pub created_at: Option<String>,
    pub customer_group_reference: Option<String>,
    pub customer_reference: Option<String>,
    pub description: Option<String>,
    pub documents: Option<Documents>,
    pub end_user: Option<EndUser>,
    pub id: Option<String>,
    pub messaging: Option<Messaging>,
    pub misc: Option<Misc>,
    pub old_service_provider_ocn: Option<String>,
    pub parent_support_key: Option<String>,
    pub phone_number_configuration: Option<NumberConfiguration>,
    pub phone_number_type: Option<String>,
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    pub porting_phone_numbers_count: Option<i64>,
    pub record_type: Option<String>,
    pub requirements: Option<Vec<Requirement>>,
    pub requirements_met: Option<bool>,
    pub status: Option<Status>,
    pub support_key: Option<String>,
    pub updated_at: Option<String>,
    pub user_feedback: Option<Feedback>,
    pub user_id: Option<String>,
    pub webhook_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ActivationSettings {
    pub activation_status: Option<String>,
    pub fast_port_eligible: Option<bool>,
    pub foc_datetime_actual: Option<String>,
    pub foc_datetime_requested: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Documents {
    pub invoice: Option<String>,
    pub loa: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EndUser {
    pub admin: Option<Admin>,
    pub location: Option<Location>,
}

#[derive(Debug, Deserialize)]
pub struct Admin {
    pub account_number: Option<String>,
    pub auth_person_name: Option<String>,
    pub billing_phone_number: Option<String>,
    pub business_identifier: Option<String>,
    pub entity_name: Option<String>,
    pub pin_passcode: Option<String>,
    pub tax_identifier: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Location {
    pub administrative_area: Option<String>,
    pub country_code: Option<String>,
    pub extended_address: Option<String>,
    pub locality: Option<String>,
    pub postal_code: Option<String>,
    pub street_address: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Messaging {
    pub enable_messaging: Option<bool>,
    pub messaging_capable: Option<bool>,
    pub messaging_port_completed: Option<bool>,
    pub messaging_port_status: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Misc {
    pub new_billing_phone_number: Option<String>,
    pub remaining_numbers_action: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NumberConfiguration {
    pub billing_group_id: Option<String>,
    pub connection_id: Option<String>,
    pub emergency_address_id: Option<String>,
    pub messaging_profile_id: Option<String>,
    pub tags: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct PhoneNumber {
    pub activation_status: Option<String>,
    pub phone_number: Option<String>,
    pub phone_number_type: Option<String>,
    pub portability_status: Option<String>,
    pub porting_order_id: Option<String>,
    pub porting_order_status: Option<String>,
    pub record_type: Option<String>,
    pub requirements_status: Option<String>,
    pub support_key: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Requirement {
    pub field_type: Option<String>,
    pub field_value: Option<String>,
    pub record_type: Option<String>,
    pub requirement_type_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Status {
    pub details: Option<Vec<StatusDetail>>,
    pub value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct StatusDetail {
    pub code: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Feedback {
    pub user_comment: Option<String>,
    pub user_rating: Option<i64>,
}

/// Pages through every order; returns how many it read.
pub async fn run(url: &str, size: i64) -> Result<usize, String> {
    // reqwest is built without a crypto provider of its own, as in the generated crate.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let (mut page, mut n) = (1i64, 0usize);
    loop {
        let body = http
            .get(format!(
                "{url}/porting_orders?page%5Bnumber%5D={page}&page%5Bsize%5D={size}"
            ))
            .bearer_auth("bench")
            .send()
            .await
            .map_err(|e| e.to_string())?
            .error_for_status()
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        let parsed: Page = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let count = parsed.data.len();
        for order in parsed.data {
            std::hint::black_box(&order);
            n += 1;
        }
        match parsed.meta {
            Some(Meta {
                page_number: Some(p),
                total_pages: Some(t),
            }) if p < t && count > 0 => page = p + 1,
            _ => return Ok(n),
        }
    }
}
