//! Bounded, seeded, deterministic fuzzing of the parsers that take outside input: the identity
//! number and the text rule. No nightly toolchain here, so no coverage-guided cargo-fuzz: random
//! mutations of valid inputs and random strings from the characters that matter, with the
//! properties each must keep. `ECOURT_FUZZ_ITERATIONS` runs longer (docs/benchmarks.md),
//! `ECOURT_FUZZ_SEED` another sequence.

use chrono::NaiveDate;
use ecourt_domain::id_number::check_character;
use ecourt_domain::text::{self, Shape};
use ecourt_domain::IdNumber;

/// xorshift64*: enough randomness for mutations, the same sequence for the same seed.
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = std::env::var("ECOURT_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_2026_u64);
        Rng(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn iterations(default: usize) -> usize {
    std::env::var("ECOURT_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Characters that matter to these parsers: digits, X, controls, bidi, zero-width, CJK, the
/// edges of the surrogate gap and of Unicode.
const PALETTE: &[char] = &[
    '0',
    '1',
    '2',
    '9',
    'X',
    'x',
    ' ',
    '\t',
    '\n',
    '\r',
    '\0',
    '\u{7}',
    '\u{1B}',
    '\u{7F}',
    '\u{85}',
    '\u{9F}',
    '\u{A0}',
    '\u{200B}',
    '\u{200D}',
    '\u{200E}',
    '\u{202A}',
    '\u{202E}',
    '\u{2066}',
    '\u{2069}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{3000}',
    '张',
    '〇',
    '１',
    '\u{D7FF}',
    '\u{E000}',
    '\u{FFFD}',
    '\u{FFFF}',
    '\u{10FFFF}',
    '😀',
    'é',
    'a',
];

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..=rng.below(4) {
        let c = PALETTE[rng.below(PALETTE.len())];
        match rng.below(5) {
            0 if !chars.is_empty() => {
                let i = rng.below(chars.len());
                chars[i] = c;
            }
            1 if !chars.is_empty() => {
                chars.remove(rng.below(chars.len()));
            }
            2 => chars.insert(rng.below(chars.len() + 1), c),
            3 if chars.len() > 1 => {
                let (a, b) = (rng.below(chars.len()), rng.below(chars.len()));
                chars.swap(a, b);
            }
            _ => chars.truncate(rng.below(chars.len() + 1)),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn id_numbers_never_panic_and_what_passes_is_valid() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut rng = Rng::from_env();
    let seeds = [
        "11010519491231002X",
        "110105194912310021",
        "500103199001011234",
        "",
    ];
    let mut accepted = 0;
    for i in 0..iterations(200_000) {
        let input = mutate(&mut rng, seeds[i % seeds.len()]);
        if let Ok(id) = IdNumber::parse(&input, today) {
            accepted += 1;
            let s = id.as_str();
            assert_eq!(s.len(), 18, "{input:?}");
            assert_eq!(
                check_character(&s.as_bytes()[..17]),
                s.chars().last().unwrap(),
                "{input:?}"
            );
            assert!(id.birth_date <= today, "{input:?}");
        }
    }
    // The mutations also keep some numbers valid (a space, a lowercase x).
    assert!(accepted > 0);
}

#[test]
fn the_text_rule_keeps_its_promises() {
    let mut rng = Rng::from_env();
    for _ in 0..iterations(200_000) {
        let len = rng.below(12);
        let s: String = (0..len)
            .map(|_| PALETTE[rng.below(PALETTE.len())])
            .collect();
        if text::check(&s, Shape::MultiLine).is_ok() {
            assert!(
                s.chars().all(|c| {
                    let stray_control = c.is_control() && c != '\n' && c != '\t';
                    !stray_control && !text::is_bidi_control(c)
                }),
                "{s:?}"
            );
        }
        if text::check(&s, Shape::Line).is_ok() {
            assert!(!s.contains('\n') && !s.contains('\t'), "{s:?}");
        }
        if text::check_name(&s).is_ok() && !s.is_empty() {
            assert!(text::visible_len(&s) > 0, "{s:?}");
        }
    }
}
