//! Raw command-line arguments, as clap parses them. `cli::mod` turns them into a
//! validated `pipeline::Config`; nothing below the CLI sees these types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Align a translated text with its original, sentence by sentence.
#[derive(Parser, Debug)]
#[command(name = "mizan", version, about, after_help = EXIT_CODES)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

pub const EXIT_CODES: &str = "Exit codes: 0 success, 1 some documents failed (batch, eval-corpora), \
2 usage or input error. Messages go to stderr, data to stdout.";

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Align one document pair and write the alignment.
    #[command(after_help = EXIT_CODES)]
    Align(AlignArgs),
    /// Read a reviewed alignment back (the TSV or .xlsx `align` wrote, edited), keep the
    /// rows whose status is `confirmed` and align the rest again.
    Realign(RealignArgs),
    /// Align many document pairs in parallel, one output file per pair.
    #[command(after_help = EXIT_CODES)]
    Batch(BatchArgs),
    /// Read document pairs as JSON Lines on stdin, write alignments on stdout in the
    /// same order (a filter for Spark, Hadoop streaming, GNU parallel).
    #[command(after_help = EXIT_CODES)]
    Stream(StreamArgs),
    /// Align one pair and print a QA report: flags, worst rows, share aligned one-to-one.
    #[command(after_help = EXIT_CODES)]
    Qa(QaArgs),
    /// Split a text into sentences, one per line.
    #[command(after_help = EXIT_CODES)]
    Segment(SegmentArgs),
    /// Score alignments against gold alignments (strict and lax precision, recall, F1).
    #[command(after_help = EXIT_CODES)]
    Eval(EvalArgs),
    /// Align every gold set listed in a manifest and print the F1 table.
    #[command(after_help = EXIT_CODES)]
    EvalCorpora(EvalCorporaArgs),
    /// Make a noisy variant of a gold-aligned pair (omitted sentences, inserted web
    /// boilerplate, merged sentences) with its exact gold alignment.
    #[command(after_help = EXIT_CODES)]
    Noise(NoiseArgs),
}

#[derive(clap::Args, Debug)]
pub struct LanguageArgs {
    /// Language of the source text (ISO 639-1).
    #[arg(long, default_value = "en", value_name = "CODE")]
    pub src_lang: String,
    /// Language of the target text (ISO 639-1).
    #[arg(long, default_value = "ar", value_name = "CODE")]
    pub tgt_lang: String,
}

#[derive(clap::Args, Debug)]
pub struct AlignArgs {
    /// Source text (UTF-8).
    pub src: PathBuf,
    /// Target text (UTF-8).
    pub tgt: PathBuf,
    #[command(flatten)]
    pub options: AlignOptions,
    /// Write to FILE instead of stdout (written whole, then renamed into place).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --format moses: write PREFIX.<src-lang> and PREFIX.<tgt-lang>.
    #[arg(long, value_name = "PREFIX")]
    pub out_prefix: Option<PathBuf>,
    /// Print how long each stage took (reading, segmenting, anchors, each search pass,
    /// writing) on stderr.
    #[arg(long)]
    pub timings: bool,
}

#[derive(clap::Args, Debug)]
pub struct RealignArgs {
    /// The reviewed alignment: a TSV, or a spreadsheet when the name ends in .xlsx. Its
    /// columns are found by name: src and tgt (sentence numbers, `3`, `3-4` or empty)
    /// and status (`confirmed` keeps the row exactly; rows with an empty status are aligned
    /// again).
    #[arg(long, value_name = "FILE")]
    pub reviewed: PathBuf,
    /// The texts and output options, as for `align`; give the texts and the
    /// segmentation and language options the reviewed table was made with.
    #[command(flatten)]
    pub align: AlignArgs,
}

/// What `align` and `batch` share: how to align and what to write.
#[derive(clap::Args, Debug)]
pub struct AlignOptions {
    #[command(flatten)]
    pub languages: LanguageArgs,
    /// Treat each non-empty line as one sentence instead of segmenting.
    #[arg(long)]
    pub presegmented: bool,
    /// A bilingual dictionary: TSV `source<TAB>target`, hunalign's `target @ source`, a
    /// dictd `.index` file, or `freedict` for the installed FreeDict dictionaries
    /// (Debian's dict-freedict-* packages) of the two languages.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Do not use the built-in core lexicon (common words in English, French, German
    /// and Arabic) as a dictionary.
    #[arg(long)]
    pub no_core_lexicon: bool,
    /// Largest number of sentences on one side of a bead (1 to 5).
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub max_bead: u8,
    /// Refuse a document with more sentences than this on one side (memory and time
    /// grow linearly with it).
    #[arg(long, default_value_t = 2_000_000, value_name = "N")]
    pub max_sentences: usize,
    /// Output format [default: tsv; jsonl for stream].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Language code of the source in TMX (e.g. en-US) [default: --src-lang].
    #[arg(long, value_name = "CODE")]
    pub tmx_src_lang: Option<String>,
    /// Language code of the target in TMX (e.g. ar-SA) [default: --tgt-lang].
    #[arg(long, value_name = "CODE")]
    pub tmx_tgt_lang: Option<String>,
    /// Also write omitted and added sentences to TMX, as units with one language.
    #[arg(long)]
    pub tmx_include_unaligned: bool,
}

#[derive(clap::Args, Debug)]
pub struct QaArgs {
    /// Source text (UTF-8).
    pub src: PathBuf,
    /// Target text (UTF-8).
    pub tgt: PathBuf,
    #[command(flatten)]
    pub options: AlignOptions,
    /// How many of the least confident rows to show.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub worst: usize,
}

#[derive(clap::Args, Debug)]
pub struct StreamArgs {
    /// (`--format` is jsonl, one object per input line, or tsv, rows prefixed by the id.)
    #[command(flatten)]
    pub options: AlignOptions,
    /// On a malformed line: stop with its line number (exit 2), or write an error
    /// record for it and go on.
    #[arg(long, value_enum, default_value_t = OnError::Fail)]
    pub on_error: OnError,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    Fail,
    Skip,
}

#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// Pairs to align: TSV with columns id, src, tgt and optionally src_lang, tgt_lang
    /// (paths relative to the manifest; a first row starting with `id` is a header).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["src_dir", "tgt_dir"])]
    pub manifest: Option<PathBuf>,
    /// Directory of source texts, paired with --tgt-dir by name: `x.en.txt` with
    /// `x.ar.txt`, or the same file name in both (given one directory for both, only its
    /// files named for the source language are sources).
    #[arg(long, value_name = "DIR", requires = "tgt_dir")]
    pub src_dir: Option<PathBuf>,
    /// Directory of target texts.
    #[arg(long, value_name = "DIR", requires = "src_dir")]
    pub tgt_dir: Option<PathBuf>,
    /// Directory for the outputs, one file per pair named after its id.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub options: AlignOptions,
    /// Worker threads (default: all cores). The output is the same for any number.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Skip pairs whose output file already exists.
    #[arg(long)]
    pub resume: bool,
    /// Pool the confident beads of all pairs of a language pair to learn one lexicon,
    /// then realign every pair with it.
    #[arg(long)]
    pub learn_lexicon: bool,
    /// Write the summary as JSON to FILE too.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,
    /// No progress bar and no summary on stderr (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    /// Reviewer's table: ids, texts, bead type, confidence, flags.
    Tsv,
    /// Vecalign/Bertalign beads, `[0, 1]:[2]:0.93`, 0-based.
    Beads,
    /// hunalign's ladder.
    Ladder,
    /// One JSON object per document pair.
    Jsonl,
    /// TMX 1.4b for CAT tools (aligned beads only unless --tmx-include-unaligned).
    Tmx,
    /// A self-contained side-by-side review page.
    Html,
    /// A spreadsheet for reviewers (needs -o FILE when stdout is a terminal).
    Xlsx,
    /// Two line-aligned files PREFIX.SRC_LANG and PREFIX.TGT_LANG (aligned beads only);
    /// needs --out-prefix with align.
    Moses,
}

#[derive(clap::Args, Debug)]
pub struct SegmentArgs {
    /// Text to segment (UTF-8).
    pub file: PathBuf,
    /// Language of the text (ISO 639-1).
    #[arg(long, default_value = "en", value_name = "CODE")]
    pub lang: String,
}

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold alignments, one file per document.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Alignments to score, in the same order as --gold.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub test: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct EvalCorporaArgs {
    /// Manifest of gold sets: TSV with columns set, src, tgt, gold, src_lang, tgt_lang
    /// (paths relative to the manifest).
    #[arg(default_value = "corpora/eval.tsv")]
    pub manifest: PathBuf,
    /// Override a model parameter, e.g. `--set indel_cost=1.5` (for tuning on dev).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub overrides: Vec<String>,
    /// Also align a noisy variant of every document (omissions, boilerplate, merged
    /// sentences; see `mizan noise`) and report its scores beside the clean ones.
    #[arg(long)]
    pub noisy: bool,
    /// Number of noisy variants per document (seeds 1 to N); their counts are summed.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub seeds: u64,
    /// A dictionary for every pair (`freedict`: the installed FreeDict dictionaries of
    /// each pair's languages).
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Pool the confident beads of all documents of a language pair to learn one
    /// lexicon, then realign every document with it (no gold is used for learning).
    #[arg(long)]
    pub learn_lexicon: bool,
}

#[derive(clap::Args, Debug)]
pub struct NoiseArgs {
    /// Source text, one sentence per line (blank lines between paragraphs).
    pub src: PathBuf,
    /// Target text, one sentence per line.
    pub tgt: PathBuf,
    /// Gold alignment of the two, in bead format.
    pub gold: PathBuf,
    #[command(flatten)]
    pub languages: LanguageArgs,
    /// Seed of the random generator: the same seed gives the same variant.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to write `src.txt`, `tgt.txt` and `gold.txt` of the noisy pair into.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}
