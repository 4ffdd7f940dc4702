//! Named failpoints for tests: make the engine stop at one step as if the process died there.
//!
//! Points: `push.before_send`, `push.after_send` (the court applied the action, the answer is
//! lost), `push.after_answer` (the answer arrived, the app died before recording it),
//! `pull.before_apply`, `blobs.before_fetch`. Nothing sets them outside tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Faults(Arc<Mutex<HashMap<&'static str, u32>>>);

impl Faults {
    /// Makes the next `times` passes through `point` fail.
    pub fn arm(&self, point: &'static str, times: u32) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(point, times);
    }

    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Whether this pass through `point` should fail.
    pub fn hit(&self, point: &'static str) -> bool {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(point) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }
}
