import ArgumentParser
import Foundation
import ObsGen
import ObsLint

/// Lints a project on its model, with the settings of the obsgen.yml found from its folder.
enum ProjectLint {
    /// The lint settings of obsgen.yml above `folder` (defaults when there is none); a file
    /// that cannot be read or holds mistakes is reported and exits 2.
    static func settings(from folder: URL) throws -> ObsgenConfigFile? {
        guard let url = ObsgenConfigFile.find(from: folder) else { return nil }
        let c = ObsgenConfigFile.load(path: url.path)
        if !c.diagnostics.isEmpty {
            for d in c.diagnostics { Output.err(c.source.render(d, color: Output.stderrIsColorTerminal)) }
            throw ExitCode(2)
        }
        return c
    }

    static func run(_ project: Project, root: URL) throws -> (LintContext, [Finding]) {
        let settings = try settings(from: root)
        var context = Linter.context(project: project, config: settings?.lint ?? LintConfig())
        for m in settings?.metrics ?? [] where context.catalog[m.name] == nil { context.catalog[m.name] = m }
        return (context, Linter.run(context))
    }
}
