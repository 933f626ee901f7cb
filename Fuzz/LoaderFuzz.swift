// libFuzzer harness for the rule-file loader (YAML → model). Build and run with
// `Fuzz/run.sh loader SECONDS` (see Fuzz/README.md): it compiles Yams' libyaml (CYaml) with
// clang, Yams, PromQL and ObsGen with swiftc, all instrumented, into .build/fuzz/loader-fuzz.
//
// Any bytes in: no crash, hang or stack overflow, and either
//   * errors, each located inside the file (a range within its bytes; the rendered form with
//     the source line and caret must not crash either), or
//   * a model without errors, which renders to a rule file that loads again without errors and
//     renders to the same text.
import ObsGen
import PromQL

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // As YAMLSource.readInput hands a file to the loader.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loaded = RuleFileLoader.load(text: text, path: "fuzz.yml")
    checkLocated(loaded, "input")
    if loaded.hasErrors { return 0 }

    let rendered = RuleFileRenderer.render(loaded.ruleFile, source: "fuzz")
    let again = RuleFileLoader.load(text: rendered, path: "fuzz.yml")
    checkLocated(again, "rendered model")
    if again.hasErrors {
        let messages = again.diagnostics.map { again.source.render($0) }.joined()
        fatalError("a model loaded without errors renders to a file that does not load:\n\(rendered)\n\(messages)")
    }
    let rerendered = RuleFileRenderer.render(again.ruleFile, source: "fuzz")
    if rerendered != rendered {
        fatalError("render → load → render changed the file:\n--- first\n\(rendered)\n--- second\n\(rerendered)")
    }
    return 0
}

/// Every diagnostic points into the file: its start at most at the end (an error at the end of
/// input), its end at most one byte past it (the caret after the last byte).
func checkLocated(_ file: LoadedRuleFile, _ what: String) {
    let size = file.source.text.utf8.count
    for d in file.diagnostics {
        let r = d.range
        if r.start < 0 || r.end < r.start || r.start > size || r.end > size + 1 {
            fatalError("\(what): diagnostic \"\(d.message)\" at \(r) lies outside the file (\(size) bytes)")
        }
        _ = file.source.render(d)
    }
}
