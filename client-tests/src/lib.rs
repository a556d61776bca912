//! Tests of the generated `telnyx-porting` crate that are written by hand rather than generated:
//! see `tests/`. This library is empty; it exists so the package has a target.
