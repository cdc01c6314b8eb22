//! Criterion benchmarks of each stage (normalize, segment, anchors, align) over the
//! texts in `corpora/`. Whole-file scaling: `scripts/bench_scale.sh`.

use std::fs;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use mizan::anchors::{self, Side};
use mizan::lang::profile;
use mizan::normalize::{Keys, key_length, match_key};
use mizan::pipeline::{Config, align_texts};
use mizan::segment::segment;

fn read(path: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpora")
            .join(path),
    )
    .expect("corpus file")
}

fn stages(c: &mut Criterion) {
    let en = read("qatar-talks/en.txt");
    let ar = read("qatar-talks/ar.txt");
    let de = read("textberg/test1.de");
    let fr = read("textberg/test1.fr");
    let (en_profile, ar_profile) = (profile("en"), profile("ar"));

    c.bench_function("normalize/qatar-talks ar", |b| b.iter(|| match_key(&ar)));
    c.bench_function("segment/qatar-talks en", |b| {
        b.iter(|| segment(&en, &en_profile))
    });
    c.bench_function("segment/qatar-talks ar", |b| {
        b.iter(|| segment(&ar, &ar_profile))
    });
    let (de_profile, fr_profile) = (profile("de"), profile("fr"));
    let (de_texts, fr_texts): (Vec<&str>, Vec<&str>) = (de.lines().collect(), fr.lines().collect());
    let (de_keys, fr_keys) = (
        Keys::new(de_texts.iter().copied()),
        Keys::new(fr_texts.iter().copied()),
    );
    let ar_udhr = read("udhr/ar.txt");
    let ar_keys = Keys::new(ar_udhr.lines());
    c.bench_function("normalize/key lengths textberg test1 de+fr, udhr ar", |b| {
        b.iter(|| {
            (de_keys.iter().chain(fr_keys.iter()).chain(ar_keys.iter()))
                .map(key_length)
                .sum::<usize>()
        })
    });
    c.bench_function("anchors/textberg test1 de-fr", |b| {
        b.iter(|| {
            let src = Side {
                texts: &de_texts,
                keys: &de_keys,
                profile: &de_profile,
            };
            let tgt = Side {
                texts: &fr_texts,
                keys: &fr_keys,
                profile: &fr_profile,
            };
            anchors::extract(&src, &tgt)
        })
    });
    let config = Config::new(en_profile.clone(), ar_profile.clone());
    c.bench_function("align/qatar-talks raw en-ar", |b| {
        b.iter(|| align_texts(&en, &ar, &config))
    });
    let mut config = Config::new(profile("de"), profile("fr"));
    config.presegmented = true;
    c.bench_function("align/textberg test1 de-fr (293 x 274)", |b| {
        b.iter(|| align_texts(&de, &fr, &config))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
