//! Any cells: the CSV reads back (csv crate's reader) with the same rows and
//! columns, each cell as written or with the leading `'` that keeps a
//! spreadsheet from running it, and no cell starts like a formula.
#![no_main]

use std::borrow::Cow;

use libfuzzer_sys::fuzz_target;
use rapporteur::exports::write_csv;

fuzz_target!(|rows: Vec<[String; 3]>| {
    let mut out = Vec::new();
    write_csv(
        &mut out,
        &["a", "b", "c"],
        rows.iter().map(|r| r.each_ref().map(|c| Cow::Borrowed(c.as_str()))),
    )
    .expect("writing to memory works");
    let mut reader = csv::ReaderBuilder::new().from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap(), vec!["a", "b", "c"]);
    let back: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    assert_eq!(back.len(), rows.len());
    for (read, written) in back.iter().zip(&rows) {
        assert_eq!(read.len(), 3);
        for (cell, original) in read.iter().zip(written) {
            let is_number = original.parse::<i64>().is_ok();
            if !is_number {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
            let shown = cell.strip_prefix('\'').filter(|_| cell != original).unwrap_or(cell);
            assert_eq!(shown, original);
        }
    }
});
