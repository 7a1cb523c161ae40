//! The two functions of the C maths library this program calls, written
//! in Rust, so that it does not load `libm.so` at all.
//!
//! Tantivy calls `logf` (the idf of its BM25 weight) and `log2f` (an
//! estimate of its fast-field codecs); nothing else in the program needs
//! libm. With them defined here, the linker (which links with
//! `--as-needed`) no longer lists libm among the libraries to load. Loading
//! it cost about 0.5 MB of the CLI's start-up peak RSS: the dynamic loader
//! reads its symbol tables and runs the resolvers of its many `IFUNC`
//! symbols, which touch pages all over it. Measured with `/usr/bin/time -f
//! %M search --json innovation`, ten runs each: 6.1 to 6.8 MB with libm,
//! 5.5 to 6.0 MB without (see `benches/startup.sh`).
//!
//! Both come from the `libm` crate (rust-lang's port of musl's), accurate
//! to within one unit in the last place. A new call to another libm
//! function would bring libm back; `readelf -d` on the binary tells (no
//! `libm.so.6` among its `NEEDED` libraries).

/// `logf(3)`: the natural logarithm of `x`.
#[no_mangle]
pub extern "C" fn logf(x: f32) -> f32 {
    libm::logf(x)
}

/// `log2f(3)`: the base-2 logarithm of `x`.
#[no_mangle]
pub extern "C" fn log2f(x: f32) -> f32 {
    libm::log2f(x)
}
