import Foundation

/// A problem found while building a project, located at the user's declaration.
public struct BuildIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var severity: Severity
    public var message: String
    public var site: DeclarationSite
    /// The expression the problem is in, and where in it, for a caret under the spot.
    public var expression: String?
    public var range: PositionRange?

    public init(id: String, severity: Severity = .error, message: String, site: DeclarationSite, expression: String? = nil, range: PositionRange? = nil) {
        self.id = id
        self.severity = severity
        self.message = message
        self.site = site
        self.expression = expression
        self.range = range
    }

    /// `File.swift:12:5: error[promql/syntax]: message`, then the expression with a caret.
    public var description: String {
        var out = "\(SafeText.escape(site.file, lineStart: true)):\(site.line):\(site.column): \(severity.rawValue)[\(id)]: \(SafeText.escape(message))\n"
        if let expression, let range {
            let src = SourceText(name: "", text: expression)
            let rendered = src.render(Diagnostic(severity: severity, id: id, message: message, range: range))
            // Drop the first line (location inside the expression) and keep source + caret.
            out += rendered.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().joined()
        }
        return out
    }
}

/// Thrown by `Project.build()` with every problem found.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var issues: [BuildIssue]
    public var description: String { issues.map(\.description).joined() }
}
