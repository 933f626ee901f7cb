/// Dashboard variables and annotation queries. Each records the Swift line that declared it
/// (`Variable.site`, `AnnotationQuery.site`).

/// A datasource variable (`$datasource`) every panel reads through.
public func DatasourceVariable(_ name: String = "datasource", type: String = "prometheus", label: String = "Data source",
                               file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = datasourceVariable(name, type: type, label: label)
    v.site = DeclarationSite(file: file, line: line, column: column)
    return v
}

/// The datasource variable a dashboard build adds itself (no declaration site).
func datasourceVariable(_ name: String, type: String, label: String) -> Variable {
    Variable(name: name, type: "datasource", label: label, query: .string(type), regex: "", refresh: 1, hide: 0,
             current: .object(["selected": .bool(false), "text": .string(type == "prometheus" ? "Prometheus" : type.capitalized), "value": .string(type)]),
             options: [])
}

/// A variable from a query (`label_values(\(deployments), environment)`); metrics interpolated
/// into it join the project's catalog.
public func QueryVariable(_ name: String, query: PromQLText, label: String? = nil, multi: Bool = false, includeAll: Bool = false,
                          allValue: String? = nil, datasource: String = "datasource",
                          file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = Variable(name: name, type: "query", label: label ?? name.capitalized, datasource: .variable(datasource),
                     query: .string(query.text), definition: query.text, regex: "", multi: multi, includeAll: includeAll, allValue: allValue, refresh: 2, sort: 1, hide: 0,
                     current: includeAll
                        ? .object(["selected": .bool(true), "text": multi ? .array([.string("All")]) : .string("All"), "value": multi ? .array([.string("$__all")]) : .string("$__all")])
                        : .object(["selected": .bool(false), "text": .string(""), "value": .string("")]),
                     options: [])
    v.site = DeclarationSite(file: file, line: line, column: column)
    v.referencedMetrics = query.metrics
    return v
}

public func CustomVariable(_ name: String, values: [String], label: String? = nil, multi: Bool = false, includeAll: Bool = false,
                           file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = Variable(name: name, type: "custom", label: label ?? name.capitalized, query: .string(values.joined(separator: ",")), multi: multi,
                     includeAll: includeAll, hide: 0,
                     current: .object(["selected": .bool(true), "text": .string(values.first ?? ""), "value": .string(values.first ?? "")]),
                     options: values.enumerated().map { i, v in .object(["selected": .bool(i == 0), "text": .string(v), "value": .string(v)]) })
    v.site = DeclarationSite(file: file, line: line, column: column)
    return v
}

public func IntervalVariable(_ name: String, values: [String] = ["1m", "5m", "15m", "1h"], label: String? = nil,
                             file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = Variable(name: name, type: "interval", label: label ?? name.capitalized, query: .string(values.joined(separator: ",")), refresh: 2, hide: 0,
                     current: .object(["selected": .bool(true), "text": .string(values.first ?? "5m"), "value": .string(values.first ?? "5m")]),
                     options: values.enumerated().map { i, v in .object(["selected": .bool(i == 0), "text": .string(v), "value": .string(v)]) })
    v.site = DeclarationSite(file: file, line: line, column: column)
    return v
}

public func ConstantVariable(_ name: String, value: String, file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = Variable(name: name, type: "constant", query: .string(value), hide: 2)
    v.site = DeclarationSite(file: file, line: line, column: column)
    return v
}

public func TextboxVariable(_ name: String, default value: String = "", label: String? = nil,
                            file: String = #filePath, line: Int = #line, column: Int = #column) -> Variable {
    var v = Variable(name: name, type: "textbox", label: label ?? name.capitalized, query: .string(value), hide: 0,
                     current: .object(["text": .string(value), "value": .string(value)]))
    v.site = DeclarationSite(file: file, line: line, column: column)
    return v
}

/// Deployment markers: an annotation from a PromQL query (e.g. `changes(\(deployments)[1m]) > 0`).
public func Markers(_ name: String, expr: PromQLText, color: String = "#8AB8FF", title: String? = nil, text: String? = nil, tags: String? = nil,
                    file: String = #filePath, line: Int = #line, column: Int = #column) -> AnnotationQuery {
    var a = AnnotationQuery(name: name, datasource: .variable(), enable: true, hide: false, iconColor: color, expr: expr.text,
                            titleFormat: title, textFormat: text, tagKeys: tags, step: "1m")
    a.site = DeclarationSite(file: file, line: line, column: column)
    a.referencedMetrics = expr.metrics
    return a
}
