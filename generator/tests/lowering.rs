//! Assertions on the IR for the fixtures' key cases: the decisions the snapshots only show
//! indirectly (nullability, open and closed enums, parameter styles, payload kinds, boxing).

use generator::Config;
use generator::ir::{
    Api, BodyEncoding, CursorFrom, Field, Location, Operation, PageNext, Param, Payload, Presence,
    QueryStyle, Signature, StructDef, Ty, TypeDef, TypeKind,
};

fn lower(fixture: &str) -> Api {
    let path = format!(
        "{}/tests/fixtures/{fixture}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    let doc = generator::load::load(&text).expect("fixture loads");
    let mut api = generator::lower::lower(&doc, &Config::minimal("t")).expect("fixture lowers");
    generator::naming::assign(&mut api);
    api
}

fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .defs
        .iter()
        .find(|d| d.name.code() == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a StructDef {
    match &def(api, name).kind {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, ty: &str, wire: &str) -> &'a Field {
    fields(api, ty)
        .fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{ty} has no field {wire}"))
}

fn op<'a>(api: &'a Api, id: &str) -> &'a generator::ir::Operation {
    api.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn param<'a>(o: &'a Operation, wire: &str) -> &'a Param {
    o.params
        .iter()
        .find(|p| p.wire == wire)
        .unwrap_or_else(|| panic!("{} has no parameter {wire}", o.operation_id))
}

fn named(api: &Api, t: &Ty) -> String {
    match t {
        Ty::Named(id) => api.types.get(*id).name.code(),
        other => panic!("not a named type: {other:?}"),
    }
}

#[test]
fn both_nullable_forms_become_options() {
    for fixture in ["nullable_31", "nullable_30"] {
        let api = lower(fixture);
        let label = field(&api, "Thing", "label");
        assert!(label.nullable, "{fixture}: label is nullable");
        assert_eq!(label.presence, Presence::RequiredNullable, "{fixture}");
    }
    let api = lower("nullable_31");
    // `type: [integer, "null"]`, optional.
    let count = field(&api, "Thing", "count");
    assert!(count.nullable);
    assert_eq!((count.presence, &count.ty), (Presence::Optional, &Ty::I64));
    // `anyOf: [$ref, null]` and `oneOf: [$ref, null]` are the referenced type, nullable.
    for wire in ["owner", "backup"] {
        let f = field(&api, "Thing", wire);
        assert!(f.nullable, "{wire}");
        assert_eq!(named(&api, &f.ty), "Owner", "{wire}");
    }
    assert_eq!(
        field(&api, "Thing", "owner").presence,
        Presence::RequiredNullable
    );
    // Request-only: absent and null stay apart.
    assert_eq!(
        field(&api, "ThingPatch", "label").presence,
        Presence::OptionalNullable
    );
    assert_eq!(
        field(&api, "ThingPatch", "note").presence,
        Presence::Optional
    );
    // 3.0: `nullable: true` on an enum with a null value, used in a response and a request.
    let api = lower("nullable_30");
    let color = field(&api, "Thing", "color");
    assert!(color.nullable);
    assert_eq!(named(&api, &color.ty), "Color");
    assert!(field(&api, "Thing", "extra").nullable);
}

#[test]
fn enums_are_open_in_responses_and_closed_in_requests() {
    let api = lower("enums");
    let open = |name: &str| match &def(&api, name).kind {
        TypeKind::Enum(e) => e.open,
        other => panic!("{name} is not an enum: {other:?}"),
    };
    assert!(!open("Priority"), "request-only enums are closed");
    assert!(open("Status"), "an enum in a response is open");
    assert!(open("OrderPhase"));
    assert!(!open("SortKey"), "query parameter enums are closed");
    let TypeKind::Enum(sort) = &def(&api, "SortKey").kind else {
        unreachable!()
    };
    let names: Vec<String> = sort.variants.iter().map(|v| v.rust.code()).collect();
    assert_eq!(
        names,
        ["CreatedAt", "MinusCreatedAt", "Plus1", "Minus1", "Empty"]
    );
    let TypeKind::Enum(priority) = &def(&api, "Priority").kind else {
        unreachable!()
    };
    let names: Vec<String> = priority.variants.iter().map(|v| v.rust.code()).collect();
    // Collisions are numbered; `Unknown` stays free for the catch-all of open enums.
    assert_eq!(
        names,
        ["Low", "High", "InProcess", "InProcess2", "Unknown2", "V2fa"]
    );
}

#[test]
fn deep_object_parameters_are_nested_structs() {
    let api = lower("deep_object");
    let o = op(&api, "listNumbers");
    assert!(matches!(o.signature, Signature::Options(_)));
    let filter = param(o, "filter");
    assert_eq!(filter.location, Location::Query(QueryStyle::DeepObject));
    let filter_ty = named(&api, &filter.ty);
    assert_eq!(
        field(&api, &filter_ty, "id").ty,
        Ty::Vec(Box::new(Ty::String))
    );
    assert!(matches!(
        field(&api, &filter_ty, "created_at").ty,
        Ty::Named(_)
    ));
    // The shared `Page` parameter is named after its component.
    let page = param(o, "page");
    assert_eq!(page.location, Location::Query(QueryStyle::DeepObject));
    assert_eq!(named(&api, &page.ty), "Page");
    assert!(param(o, "sort").required);
    assert_eq!(
        param(o, "include_details").location,
        Location::Query(QueryStyle::Form)
    );
    // The path-level parameter is a positional argument.
    let path: Vec<&Param> = o.path_params().collect();
    assert_eq!(path.len(), 1);
    assert_eq!(path[0].rust.code(), "group");
}

#[test]
fn payload_kinds() {
    let api = lower("responses");
    assert_eq!(
        op(&api, "downloadDocument").payload,
        Payload::Bytes("application/pdf".into())
    );
    assert_eq!(
        op(&api, "getReportCsv").payload,
        Payload::Text("text/csv".into())
    );
    assert_eq!(op(&api, "deleteDocument").payload, Payload::Empty);
    let list = op(&api, "listReports");
    assert!(matches!(list.payload, Payload::Json(Ty::Named(_))));
    assert_eq!(list.alternatives.len(), 1);
    assert_eq!(list.alternatives[0].method_name.code(), "list_csv");
    assert_eq!(
        list.alternatives[0].payload,
        Payload::Text("text/csv".into())
    );
    assert_eq!(op(&api, "ping").success_status, "2XX");
    assert_eq!(op(&api, "echo").payload, Payload::Json(Ty::Json));
}

#[test]
fn request_encodings_and_header_parameters() {
    let api = lower("request_bodies");
    let send = op(&api, "sendMessage");
    assert_eq!(
        send.body.as_ref().map(|b| b.encoding),
        Some(BodyEncoding::Json)
    );
    assert!(matches!(send.signature, Signature::Options(_)));
    let key = param(send, "Idempotency-Key");
    assert_eq!(key.location, Location::Header);
    assert!(key.required);
    assert_eq!(param(send, "X-Mode").location, Location::Header);
    assert!(matches!(
        param(send, "dry_run").location,
        Location::Query(_)
    ));
    // Accept and the Authorization look-alike belong to the client; they are left out, loudly.
    let wires: Vec<&str> = send.params.iter().map(|p| p.wire.as_str()).collect();
    assert!(!wires.contains(&"Accept") && !wires.contains(&"authorization_bearer"));
    assert!(
        api.warnings
            .iter()
            .any(|w| w.message.contains("\"Accept\""))
    );
    assert!(
        api.warnings
            .iter()
            .any(|w| w.message.contains("authorization_bearer"))
    );

    let form = op(&api, "updateCall").body.clone().expect("a body");
    assert_eq!(form.encoding, BodyEncoding::Form);
    let upload = op(&api, "upload").body.clone().expect("a body");
    assert_eq!(upload.encoding, BodyEncoding::Multipart);
    // Short names repeat across resource modules: look the body's type up by id.
    let Ty::Named(upload_id) = &upload.ty else {
        panic!("not a named type: {:?}", upload.ty)
    };
    let upload_def = api.types.get(*upload_id);
    let TypeKind::Struct(upload_struct) = &upload_def.kind else {
        panic!("the upload body is not a struct")
    };
    let upload_field = |wire: &str| {
        upload_struct
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .map(|f| f.ty.clone())
    };
    assert_eq!(upload_field("file"), Some(Ty::File));
    assert_eq!(
        upload_field("attachments"),
        Some(Ty::Vec(Box::new(Ty::File)))
    );
    assert!(upload_def.usage.multipart);
    // A multipart oneOf marks its alternatives, which encode themselves.
    assert!(def(&api, "AudioClone").usage.multipart);
    assert!(def(&api, "TextClone").usage.multipart);
    let blob = op(&api, "putBlob").body.clone().expect("a body");
    assert_eq!(
        (blob.encoding, blob.ty, blob.media_type.as_str()),
        (BodyEncoding::Bytes, Ty::Bytes, "application/octet-stream")
    );
    assert!(api.skipped.is_empty(), "{:?}", api.skipped);
}

#[test]
fn composition() {
    let api = lower("one_of_discriminator");
    let TypeKind::Union(event) = &def(&api, "Event").kind else {
        panic!("Event is a union");
    };
    assert_eq!(event.discriminator.as_deref(), Some("event_type"));
    assert!(event.open, "a response union keeps unknown payloads");
    let tags: Vec<(&str, Vec<&str>)> = event
        .variants
        .iter()
        .map(|v| (v.rust.bare(), v.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Created", vec!["order.created"]),
            ("Deleted", vec!["order.deleted", "order.removed"])
        ]
    );
    let TypeKind::Union(shape) = &def(&api, "Shape").kind else {
        panic!("Shape is a union");
    };
    assert!(!shape.open, "a request-only union is closed");
    assert_eq!(
        shape.variants[0].tags,
        ["Circle"],
        "schema names without a mapping"
    );
    let TypeKind::Union(figure) = &def(&api, "Figure").kind else {
        panic!("Figure is a union");
    };
    assert_eq!(
        figure.variants[0].tags,
        ["round"],
        "a bare schema name in the mapping"
    );
    assert_eq!(figure.variants[1].tags, ["boxy"]);

    let api = lower("one_of_untagged");
    let TypeKind::Union(target) = &def(&api, "Target").kind else {
        panic!("Target is a union");
    };
    assert_eq!(target.discriminator, None);
    let names: Vec<String> = target.variants.iter().map(|v| v.rust.code()).collect();
    // `QueueTarget` requires `queue`; the all-optional `Object` would match any object, so it
    // is tried last among the objects.
    assert_eq!(
        names,
        [
            "PhoneTarget",
            "String",
            "Integer",
            "StringList",
            "QueueTarget",
            "Object"
        ]
    );
    let TypeKind::Union(targets) = &def(&api, "Targets").kind else {
        panic!("Targets is a union");
    };
    let names: Vec<String> = targets.variants.iter().map(|v| v.rust.code()).collect();
    assert_eq!(names, ["PhoneTarget", "List"]);

    let api = lower("all_of");
    let user = fields(&api, "User");
    let wires: Vec<&str> = user.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(wires, ["created_at", "email", "id", "name"]);
    assert_eq!(field(&api, "User", "id").presence, Presence::Required);
    assert_eq!(field(&api, "User", "email").presence, Presence::Required);
    assert_eq!(field(&api, "User", "name").presence, Presence::Optional);

    // An allOf that only wraps a reference is the reference, descriptions and nullability kept.
    assert_eq!(named(&api, &field(&api, "Account", "owner").ty), "User");
    let status = field(&api, "Account", "status");
    assert_eq!(named(&api, &status.ty), "Status");
    assert!(status.nullable);
    // `Tree.sub` merges Tree's properties (including `sub` itself) with `depth`: the copy of
    // `sub` inside refers back to the struct being built instead of copying forever.
    let sub = named(&api, &field(&api, "Tree", "sub").ty);
    let inner = field(&api, &sub, "sub");
    assert_eq!(named(&api, &inner.ty), sub);
    assert!(inner.boxed);
    assert!(fields(&api, &sub).fields.iter().any(|f| f.wire == "depth"));

    let api = lower("any_of");
    assert!(matches!(
        def(&api, &named(&api, &field(&api, "Holder", "value").ty)).kind,
        TypeKind::Union(_)
    ));
    assert_eq!(named(&api, &field(&api, "Holder", "single").ty), "Money");

    let api = lower("additional_properties");
    assert_eq!(
        field(&api, "Settings", "limits").ty,
        Ty::Map(Box::new(Ty::I64))
    );
    assert!(
        matches!(&field(&api, "Settings", "labels").ty, Ty::Map(v) if matches!(**v, Ty::Named(_)))
    );
    assert_eq!(field(&api, "Settings", "anything").ty, Ty::JsonObject);
    assert_eq!(fields(&api, "Metadata").additional, Some(Ty::String));

    let api = lower("free_form");
    assert_eq!(field(&api, "Blob", "any").ty, Ty::Json);
    assert_eq!(field(&api, "Blob", "object").ty, Ty::JsonObject);
    assert_eq!(
        op(&api, "storeBlob").body.as_ref().map(|b| &b.ty),
        Some(&Ty::JsonObject)
    );

    let api = lower("const");
    let o = op(&api, "sendPing");
    let body = named(&api, &o.body.as_ref().expect("a body").ty);
    let kind = named(&api, &field(&api, &body, "kind").ty);
    assert!(
        matches!(&def(&api, &kind).kind, TypeKind::Enum(e) if e.variants.len() == 1 && e.variants[0].wire == "ping")
    );
}

#[test]
fn only_cycles_are_boxed() {
    let api = lower("recursion");
    assert!(field(&api, "Node", "parent").boxed);
    assert!(
        !field(&api, "Node", "children").boxed,
        "a Vec already breaks the cycle"
    );
    assert!(
        !field(&api, "Node", "by_name").boxed,
        "a map already breaks the cycle"
    );
    assert!(!field(&api, "Node", "value").boxed);
    assert!(field(&api, "Company", "ceo").boxed);
    assert!(
        !field(&api, "Company", "address").boxed,
        "Address is not in the cycle"
    );
    assert!(field(&api, "Sum", "left").boxed);
    let TypeKind::Union(expr) = &def(&api, "Expr").kind else {
        panic!("Expr is a union");
    };
    assert_eq!(
        expr.variants.iter().map(|v| v.boxed).collect::<Vec<_>>(),
        [false, true]
    );
}

/// A fixture lowered with its own configuration, `tests/fixtures/config/<fixture>.yaml`.
fn lower_configured(fixture: &str) -> Api {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(format!("{dir}/{fixture}.yaml")).expect("fixture");
    let config = std::fs::read_to_string(format!("{dir}/config/{fixture}.yaml")).expect("config");
    let config = Config::from_yaml(&config).expect("config parses");
    let doc = generator::load::load(&text).expect("fixture loads");
    let mut api = generator::lower::lower(&doc, &config).expect("fixture lowers");
    generator::naming::assign(&mut api);
    api
}

#[test]
fn pagination_needs_data_meta_and_a_page_number() {
    let api = lower_configured("pagination");
    let items = op(&api, "listItems")
        .pagination
        .as_ref()
        .expect("paginated");
    assert_eq!(
        items.next,
        PageNext::PageNumber {
            key: "page[number]".into(),
            page_number: vec!["meta".into(), "page_number".into()],
            total_pages: vec!["meta".into(), "total_pages".into()],
        }
    );
    assert_eq!(items.size_key.as_deref(), Some("page[size]"));
    assert_eq!(named(&api, &items.item), "Item");
    let tags = op(&api, "listTags").pagination.as_ref();
    assert!(tags.is_some(), "page[number] via a deepObject `page`");
    assert_eq!(
        tags.and_then(|t| t.size_key.as_deref()),
        Some("page[size]"),
        "page[size] via the same `page`"
    );
    assert!(
        op(&api, "listUnpaged").pagination.is_none(),
        "no meta, no pagination"
    );
}

#[test]
fn without_configured_schemes_nothing_paginates() {
    let api = lower("pagination");
    assert!(api.operations.iter().all(|o| o.pagination.is_none()));
}

#[test]
fn cursor_schemes_match_in_order_by_shape() {
    let api = lower_configured("openai_pagination");
    let scheme = |id: &str| op(&api, id).pagination.as_ref().map(|p| p.scheme.as_str());
    assert_eq!(scheme("listFiles"), Some("last_id"));
    assert_eq!(scheme("listJobs"), Some("last_item_id"), "no last_id");
    assert_eq!(scheme("usageCompletions"), Some("next_page"));
    assert_eq!(scheme("listModels"), None, "no cursor parameter");
    let jobs = op(&api, "listJobs").pagination.as_ref().expect("paginated");
    assert_eq!(
        jobs.next,
        PageNext::Cursor {
            key: "after".into(),
            from: CursorFrom::LastItem("id".into()),
            has_more: Some(vec!["has_more".into()]),
        }
    );
    assert_eq!(jobs.size_key.as_deref(), Some("limit"));
}

#[test]
fn next_link_items_are_the_one_array() {
    let api = lower_configured("twilio_pagination");
    let calls = op(&api, "ListCall").pagination.as_ref().expect("paginated");
    assert_eq!(calls.items, "calls");
    assert_eq!(calls.next, PageNext::NextUrl(vec!["next_page_uri".into()]));
    assert_eq!(calls.size_key.as_deref(), Some("PageSize"));
    assert!(
        op(&api, "ListSummary").pagination.is_none(),
        "two arrays: ambiguous"
    );
}

#[test]
fn pagination_config_rejects_shapes_it_cannot_follow() {
    let text = "crate_name: x\ncrate_version: 0.1.0\ndescription: x\npagination:\n  - {name: a, type: page_number, page_param: p, items: result.data, page_number: meta.n, total_pages: other.t}\n";
    let err = Config::from_yaml(text).expect_err("rejected").to_string();
    assert!(err.contains("pagination.0"), "{err}");
    assert!(err.contains("top-level"), "{err}");
    assert!(err.contains("same object"), "{err}");
    let unknown = "crate_name: x\ncrate_version: 0.1.0\ndescription: x\npagination:\n  - {name: a, type: cursor, cursor_param: after, items: data, cursor: {field: c}, stop: x}\n";
    assert!(
        Config::from_yaml(unknown).is_err(),
        "unknown keys are errors"
    );
}

#[test]
fn odd_names_are_valid_and_distinct() {
    let api = lower("odd_names");
    let mut type_names: Vec<String> = api.types.defs.iter().map(|d| d.name.code()).collect();
    type_names.sort();
    let before = type_names.len();
    type_names.dedup();
    assert_eq!(before, type_names.len(), "type names are unique");
    for name in &type_names {
        assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{name}");
        assert!(
            !["Self", "Option", "Result", "Vec", "Client", "String"].contains(&name.as_str()),
            "{name} would shadow a name the generated code uses"
        );
    }
    let s = fields(&api, "SelfType");
    let mut rust: Vec<String> = s.fields.iter().map(|f| f.rust.code()).collect();
    rust.sort();
    let before = rust.len();
    rust.dedup();
    assert_eq!(before, rust.len(), "field names are unique");
    for name in ["r#type", "plus_1", "minus_1"] {
        assert!(rust.iter().any(|r| r == name), "{name} in {rust:?}");
    }
    assert!(rust.iter().any(|r| r == "value"), "the empty property name");
    assert_eq!(field(&api, "SelfType", "Ünïcode").rust.code(), "unicode");
    let o = op(&api, "type");
    assert_eq!(
        o.path_params().map(|p| p.rust.code()).next().as_deref(),
        Some("self_")
    );
}
