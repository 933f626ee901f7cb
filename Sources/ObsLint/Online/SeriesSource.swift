import Foundation

/// Where the online facts come from: a running server (`PrometheusSeriesSource` in
/// ObsGenLive) or, for the checks' examples and tests, series listed in memory
/// (`MemorySeriesSource`). An error stops the gathering: the run reports it once (exit 2).
public protocol SeriesSource: Sendable {
    /// The server, as messages name it.
    var name: String { get }
    /// The value of an instant `count(…)` query (0 for an empty answer).
    func count(_ query: String) throws -> Int
    /// Which of these metrics have series now.
    func present(_ metrics: [String]) throws -> Set<String>
    /// When each of these metrics last had series within `lookback` before `now` (absent: never).
    func lastSeen(_ metrics: [String], lookback: PromDuration, now: Date) throws -> [String: ServerFacts.Sighting]
    /// Values the label has now on the metric's series, at most `limit`.
    func labelValues(metric: String, label: String, limit: Int) throws -> ServerFacts.LabelValues
    /// Label names the metric's series carry now.
    func labelNames(metric: String) throws -> [String]
    /// Metadata by family name; nil when the server has none to give.
    func metadata() throws -> [String: ServerMetric]?
    /// The scrape intervals the server runs with; nil when it does not publish its configuration.
    func scrapeIntervals() throws -> ServerFacts.ScrapeIntervals?
    /// The retention, when the server says.
    func retention() throws -> PromDuration?
}

extension ServerFacts {
    /// Label values kept for a message.
    public static let valueLimit = 50

    /// Asks the source what the online checks of `context` need, several questions at once
    /// (`concurrency` of them in flight). The answers do not depend on the order of asking.
    public static func gather(for context: LintContext, from source: any SeriesSource, concurrency: Int = 4,
                              now: Date = Date(), lookback: PromDuration = .days(7)) throws -> ServerFacts {
        var facts = ServerFacts(server: source.name, time: now, lookback: lookback)
        let enabled = { (id: String) in context.config.isEnabled(id) }

        // Metadata, configuration and retention: one question each.
        if enabled("online/metadata") || enabled("online/catalog") || enabled("online/config") { facts.metadata = try source.metadata() }
        if facts.metadata == nil { facts.notes.append("no metadata API") }
        if enabled("online/config") || enabled("promql/rate") {
            facts.scrapeIntervals = try source.scrapeIntervals()
            if facts.scrapeIntervals == nil { facts.notes.append("no configuration API") }
            facts.retention = try source.retention()
        }

        // Series. Which metrics exist at all, many at a time; then each selector with matchers
        // of a metric that exists; where one is empty, each of its matchers alone; then when
        // the absent metrics were last seen, and the values of labels whose matchers found nothing.
        let selectors = enabled("online/series") ? SeriesQuestions.selectors(context) : []
        let declared = enabled("online/catalog") ? context.catalog.keys.sorted() : []
        var metricNames = Set(selectors.map(\.metric))
        for name in declared { if let m = context.catalog[name] { metricNames.formUnion(m.seriesNames) } }
        let names = metricNames.sorted()
        let present = try source.present(names)
        for n in names { facts.metrics[n] = present.contains(n) }

        try ask(selectors.filter { present.contains($0.metric) && !$0.matchers.isEmpty }.map { SeriesQuestions.count($0.metric, $0.matchers) },
                into: &facts, source, concurrency)
        let empty = selectors.filter { present.contains($0.metric) && facts.isEmpty($0) == true }
        var second: [String] = []
        for s in empty {
            for m in s.matchers {
                second.append(SeriesQuestions.count(s.metric, carrying: m.name))
                second.append(SeriesQuestions.count(s.metric, [m]))
            }
        }
        try ask(second, into: &facts, source, concurrency)

        var valueKeys: [(String, String)] = []
        for s in empty {
            for m in s.matchers where facts.counts[SeriesQuestions.count(s.metric, [m])] == 0 && facts.counts[SeriesQuestions.count(s.metric, carrying: m.name)] != 0 {
                valueKeys.append((s.metric, m.name))
            }
        }
        var absent = Set(selectors.map(\.metric).filter { !present.contains($0) })
        var labelNameMetrics: [String] = []
        for name in declared {
            guard let m = context.catalog[name] else { continue }
            let found = m.seriesNames.filter(present.contains)
            if found.isEmpty { absent.insert(m.seriesNames[0]) }
            if let first = found.first {
                labelNameMetrics.append(first)
                for l in m.labels where l.values != nil { valueKeys.append((first, l.name)) }
            }
        }
        let history = try source.lastSeen(absent.sorted(), lookback: lookback, now: now)
        facts.lastSeen = history
        // "Did you mean": the closest name the metadata knows, for each metric never seen, on
        // every core (thousands of names against thousands: an index per slice).
        if let known = facts.metadata?.keys.sorted(), !known.isEmpty {
            let never = absent.sorted().filter { history[$0] == nil }
            let slices = stride(from: 0, to: never.count, by: 64).map { Array(never[$0..<min($0 + 64, never.count)]) }
            let found = parallelMap(slices) { (slice: [String]) -> [(String, String)] in
                // A typo is a few edits away (deploy_total for deployment_total is four).
                let index = Analysis.NameIndex(known, maxDistance: 4)
                return slice.compactMap { m in index.closest(m).flatMap { $0 == m ? nil : (m, $0) } }
            }
            for (m, s) in found.joined() { facts.suggestions[m] = s }
        }
        var seenKeys: Set<String> = []
        valueKeys = valueKeys.filter { seenKeys.insert(SeriesQuestions.key(metric: $0.0, label: $0.1)).inserted }
        let values = try parallelAsk(valueKeys, concurrency) { try source.labelValues(metric: $0.0, label: $0.1, limit: valueLimit) }
        for (k, v) in zip(valueKeys, values) { facts.labelValues[SeriesQuestions.key(metric: k.0, label: k.1)] = v }
        labelNameMetrics = Array(Set(labelNameMetrics)).sorted()
        let labelNames = try parallelAsk(labelNameMetrics, concurrency) { try source.labelNames(metric: $0) }
        for (m, n) in zip(labelNameMetrics, labelNames) { facts.labelNames[m] = n }
        return facts
    }

    private static func ask(_ queries: [String], into facts: inout ServerFacts, _ source: any SeriesSource, _ concurrency: Int) throws {
        var seen = Set(facts.counts.keys)
        let todo = queries.filter { seen.insert($0).inserted }
        let answers = try parallelAsk(todo, concurrency) { try source.count($0) }
        for (q, n) in zip(todo, answers) { facts.counts[q] = n }
    }
}

/// Asks `body` for every item on `concurrency` threads (blocking network calls, so more
/// threads than cores); the first error stops the rest and is thrown.
public func parallelAsk<T: Sendable, U: Sendable>(_ items: [T], _ concurrency: Int, _ body: @escaping @Sendable (T) throws -> U) throws -> [U] {
    if items.isEmpty { return [] }
    let state = AskState<U>(items.count)
    let group = DispatchGroup()
    for _ in 0..<max(1, min(concurrency, items.count)) {
        group.enter()
        let t = Thread {
            defer { group.leave() }
            while true {
                let i: Int? = state.lock.withLock {
                    guard state.error == nil, state.next < items.count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let i else { return }
                do {
                    let r = try body(items[i])
                    state.lock.withLock { state.results[i] = r }
                } catch {
                    state.lock.withLock { if state.error == nil { state.error = error } }
                    return
                }
            }
        }
        t.stackSize = 1 << 20
        t.start()
    }
    group.wait()
    if let e = state.error { throw e }
    return state.results.map { $0! }
}

private final class AskState<U>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var results: [U?]
    var error: (any Error)?
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}
