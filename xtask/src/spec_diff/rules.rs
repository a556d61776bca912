//! The one place that decides whether a change breaks code using the generated crate. The
//! README's "Spec diff" section documents the same table.

/// Which way data flows through the changed schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// The operation itself (added, removed, renamed, paginated, its parameters and body).
    Operation,
    /// Sent by the caller (parameters, request bodies).
    Request,
    /// Received by the caller (the success response).
    Response,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    /// Same operationId, different path or method.
    OperationRenamed,
    ParameterAdded {
        required: bool,
    },
    ParameterRemoved,
    ParameterRequiredChanged {
        now_required: bool,
    },
    RequestBodyAdded {
        required: bool,
    },
    RequestBodyRemoved,
    RequestBodyRequiredChanged {
        now_required: bool,
    },
    PropertyAdded {
        required: bool,
    },
    PropertyRemoved,
    PropertyRequiredChanged {
        now_required: bool,
    },
    TypeChanged,
    /// `numeric`: the format of an integer or number (it picks the Rust integer/float type).
    FormatChanged {
        numeric: bool,
    },
    NullableChanged {
        now_nullable: bool,
    },
    EnumValueAdded,
    EnumValueRemoved,
    /// An enum appeared on a free value, or a value lost its enum.
    EnumConstraintChanged {
        now_enum: bool,
    },
    VariantAdded,
    VariantRemoved,
    ContentTypeAdded,
    ContentTypeRemoved,
    PaginationChanged {
        now_paginated: bool,
    },
}

impl Kind {
    /// A stable snake_case name for reports.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation_added",
            Kind::OperationRemoved => "operation_removed",
            Kind::OperationRenamed => "operation_renamed",
            Kind::ParameterAdded { .. } => "parameter_added",
            Kind::ParameterRemoved => "parameter_removed",
            Kind::ParameterRequiredChanged { .. } => "parameter_required_changed",
            Kind::RequestBodyAdded { .. } => "request_body_added",
            Kind::RequestBodyRemoved => "request_body_removed",
            Kind::RequestBodyRequiredChanged { .. } => "request_body_required_changed",
            Kind::PropertyAdded { .. } => "property_added",
            Kind::PropertyRemoved => "property_removed",
            Kind::PropertyRequiredChanged { .. } => "property_required_changed",
            Kind::TypeChanged => "type_changed",
            Kind::FormatChanged { .. } => "format_changed",
            Kind::NullableChanged { .. } => "nullable_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumConstraintChanged { .. } => "enum_constraint_changed",
            Kind::VariantAdded => "variant_added",
            Kind::VariantRemoved => "variant_removed",
            Kind::ContentTypeAdded => "content_type_added",
            Kind::ContentTypeRemoved => "content_type_removed",
            Kind::PaginationChanged { .. } => "pagination_changed",
        }
    }
}

/// Whether `kind` on `side` breaks code written against the previous crate: it stops compiling,
/// or a call that worked is now rejected, or a response it read no longer parses or lacks a value.
pub fn breaking(kind: &Kind, side: Side) -> bool {
    use Kind::*;
    use Side::Response;
    match (kind, side) {
        // Calls and the things they return disappear or move.
        (OperationRemoved | OperationRenamed, _) => true,
        (OperationAdded, _) => false,
        // What a caller must send grows: breaking; what it may send grows: compatible.
        (ParameterAdded { required } | RequestBodyAdded { required }, _) => *required,
        (ParameterRemoved | RequestBodyRemoved, _) => true,
        (
            ParameterRequiredChanged { now_required } | RequestBodyRequiredChanged { now_required },
            _,
        ) => *now_required,
        (PropertyAdded { .. }, Response) => false,
        (PropertyAdded { required }, _) => *required,
        // Removed fields no longer compile in either direction.
        (PropertyRemoved, _) => true,
        // A response field that may now be absent is a value code relied on.
        (PropertyRequiredChanged { now_required }, Response) => !*now_required,
        (PropertyRequiredChanged { now_required }, _) => *now_required,
        // The field's Rust type changes.
        (TypeChanged, _) => true,
        (FormatChanged { numeric }, _) => *numeric,
        // Null newly allowed is harmless to send and a surprise to receive.
        (NullableChanged { now_nullable }, Response) => *now_nullable,
        (NullableChanged { now_nullable }, _) => !*now_nullable,
        // Open enums absorb unknown response values; a value removed loses its variant.
        (EnumValueAdded, _) => false,
        (EnumValueRemoved, _) => true,
        (EnumConstraintChanged { .. }, _) => true,
        // A new response variant is a value the previous enum cannot hold.
        (VariantAdded, Response) => true,
        (VariantAdded, _) => false,
        (VariantRemoved, _) => true,
        (ContentTypeAdded, _) => false,
        (ContentTypeRemoved, _) => true,
        (PaginationChanged { now_paginated }, _) => !*now_paginated,
    }
}
