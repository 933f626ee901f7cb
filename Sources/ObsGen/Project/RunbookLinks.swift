extension Project {
    /// Where the runbook of an alert is published: `<runbookBaseURL>/<alert>.md`, the page
    /// `obsgen render` writes to `docs/runbooks/<alert>.md`. nil without a base URL.
    public func runbookURL(for alertName: String) -> String? {
        guard var base = runbookBaseURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/\(OutputPaths.sanitizedFileName(alertName)).md"
    }

    /// The project with `runbook_url` set on every alert that has none, from `runbookBaseURL`.
    /// `Project { … }` does this itself; an explicit `runbookURL:` is kept.
    public func resolvingRunbookURLs() -> Project {
        guard runbookBaseURL != nil else { return self }
        var p = self
        for fi in p.ruleFiles.indices {
            for gi in p.ruleFiles[fi].groups.indices {
                for ri in p.ruleFiles[fi].groups[gi].rules.indices {
                    if case .alert(var a) = p.ruleFiles[fi].groups[gi].rules[ri], a.annotations.runbookURL == nil,
                       let url = runbookURL(for: a.name) {
                        a.annotations.runbookURL = url
                        // Tests that spell out the annotations they expect (an SLO's burn-rate
                        // tests) expect the link too: every alert of a test has the alert's name.
                        for ti in a.tests.indices {
                            for ei in a.tests[ti].expected.indices where a.tests[ti].expected[ei].annotations != nil {
                                if a.tests[ti].expected[ei].annotations?["runbook_url"] == nil { a.tests[ti].expected[ei].annotations?["runbook_url"] = url }
                            }
                        }
                        p.ruleFiles[fi].groups[gi].rules[ri] = .alert(a)
                    }
                }
            }
        }
        return p
    }
}
