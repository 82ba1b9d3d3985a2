//! JSON Schemas as the payload and API kinds both read them: documents with the byte range of
//! every node, `$ref`/`$id` resolution within the compared tree, the resolved schema model, the
//! containment checker, and `x-compat-allow` keys. Which files to compare, and how to name and
//! word what the checker finds, are the kinds' business: the checker answers with structured
//! facts, and each kind words them for its own parties.
//!
//! - [`doc`]: JSON and YAML documents with spans.
//! - [`uri`]: document and `$id` URIs, never fetched.
//! - [`resolve`]: documents to a resolved [`model::Graph`] (`$ref`, `$id`, anchors, files of the
//!   same tree); `cycles` refuses references that never reach a value.
//! - [`containment`]: "does reader R admit everything writer W admits?", with structured answers.
//! - [`defaults`]: the optional properties whose `default` differs, which no validator sees: an
//!   annotation, so the graph keeps it beside the keywords the checker reads.
//! - [`allow`]: `x-compat-allow` keys as suppressions.
//! - [`source`]: a version's documents read through the analyzer's input.

pub mod allow;
pub mod containment;
mod cycles;
pub mod defaults;
pub mod doc;
pub mod model;
pub mod resolve;
pub mod source;
#[cfg(test)]
pub(crate) mod testing;
pub mod uri;
