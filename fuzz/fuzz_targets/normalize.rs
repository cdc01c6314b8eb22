//! Matching keys of arbitrary text: no panic, no bidi control or Arabic mark left, and
//! the length the length model uses never exceeds the key's characters.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::normalize::{is_arabic_mark, is_bidi_control, key_length, match_key};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let key = match_key(&text);
    assert!(
        !key.chars().any(|c| is_bidi_control(c) || is_arabic_mark(c)),
        "{key:?}"
    );
    assert!(key_length(&key) <= key.chars().count());
});
