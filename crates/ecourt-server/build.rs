//! Rebuilds the service when a migration or a policy file is added or changed: both are
//! embedded at compile time (`sqlx::migrate!`, `include_str!`), and a new file alone would not
//! tell cargo to look again.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=policy");
}
