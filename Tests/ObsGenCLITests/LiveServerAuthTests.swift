import Foundation
import ObsGen
import PrometheusAPI
import Testing

/// Reaching a server that asks for credentials: basic auth from a header file (the socket client),
/// and TLS with a private CA and a client certificate (curl), from the command line and from
/// obsgen.yml's `prometheus:` servers, whose `paths` limit the files a server applies to.
@Suite(.serialized) struct LiveServerAuthTests {
    static let enabled = Needs.slowTests && Needs.tool("prometheus", "curl", "openssl")
    /// bcrypt of "s3cret" (Prometheus' web configuration takes bcrypt hashes only).
    static let hash = "$2b$04$ZCDrldpJ0HTf/mtLjSxg3.8qXovOHjgA4wCOQw3zGc7WjHJL9Uxrq"

    static func openssl(_ args: [String], in dir: URL) throws {
        let r = try Tool.run("openssl", args, cwd: dir, timeout: 60)
        if r.status != 0 { throw Missing(what: "openssl \(args.prefix(2).joined(separator: " ")): \(r.output)") }
    }

    @Test(.enabled(if: enabled, "slow (real servers): set OBSGEN_SLOW_TESTS=1; needs prometheus, curl and openssl"))
    func basicAuthAndTLSWithAClientCertificate() throws {
        let servers = LiveServers("obsgen-auth")
        defer { servers.stopAll() }
        let dir = servers.dir
        // A private CA, a server certificate for 127.0.0.1 and a client certificate.
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=obsgen test CA"], in: dir)
        try Self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], in: dir)
        try "subjectAltName=IP:127.0.0.1\n".write(to: dir.appendingPathComponent("san.ext"), atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext"], in: dir)
        try Self.openssl(["req"] + ec + ["-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=obsgen"], in: dir)
        try Self.openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "2"], in: dir)

        try "global: {scrape_interval: 1s}\nscrape_configs: []\n".write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try "basic_auth_users:\n  obsgen: \(Self.hash)\n".write(to: dir.appendingPathComponent("web-auth.yml"), atomically: true, encoding: .utf8)
        try """
            tls_server_config:
              cert_file: \(dir.path)/server.crt
              key_file: \(dir.path)/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: \(dir.path)/ca.crt
            basic_auth_users:
              obsgen: \(Self.hash)

            """.write(to: dir.appendingPathComponent("web-tls.yml"), atomically: true, encoding: .utf8)
        let (plain, tls) = (LiveServers.freePort(), LiveServers.freePort())
        for (port, web, name) in [(plain, "web-auth.yml", "plain"), (tls, "web-tls.yml", "tls")] {
            try servers.start("prometheus", ["--config.file=\(dir.path)/prometheus.yml", "--storage.tsdb.path=\(dir.path)/tsdb-\(name)",
                                             "--web.listen-address=127.0.0.1:\(port)", "--web.config.file=\(dir.path)/\(web)"], log: name)
        }
        // Credentials: a header file (never on the command line).
        try "Basic \(Data("obsgen:s3cret".utf8).base64EncodedString())\n".write(to: dir.appendingPathComponent("auth.txt"), atomically: true, encoding: .utf8)
        try "Basic \(Data("obsgen:wrong".utf8).base64EncodedString())\n".write(to: dir.appendingPathComponent("wrong.txt"), atomically: true, encoding: .utf8)
        let auth = ["--prometheus-header", "Authorization=\(dir.path)/auth.txt"]
        let certs = ["--prometheus-ca-file", "\(dir.path)/ca.crt", "--prometheus-cert-file", "\(dir.path)/client.crt", "--prometheus-key-file", "\(dir.path)/client.key"]
        _ = LiveServers.waitFor("both servers", seconds: 30) { () -> Bool? in
            let a = try? Tool.run("curl", ["-fsS", "--max-time", "2", "-u", "obsgen:s3cret", "http://127.0.0.1:\(plain)/-/ready"], timeout: 5)
            let b = try? Tool.run("curl", ["-fsS", "--max-time", "2", "-u", "obsgen:s3cret", "--cacert", "\(dir.path)/ca.crt", "--cert", "\(dir.path)/client.crt",
                                           "--key", "\(dir.path)/client.key", "https://127.0.0.1:\(tls)/-/ready"], timeout: 5)
            return a?.status == 0 && b?.status == 0 ? true : nil
        }

        let proj = dir.appendingPathComponent("proj")
        try FileManager.default.createDirectory(at: proj.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: proj.appendingPathComponent("legacy"), withIntermediateDirectories: true)
        let rule = "groups:\n  - name: g\n    rules:\n      - record: job:missing:rate5m\n        expr: sum(rate(missing_total[5m]))\n"
        try rule.write(to: proj.appendingPathComponent("rules/a.yml"), atomically: true, encoding: .utf8)
        try rule.write(to: proj.appendingPathComponent("legacy/b.yml"), atomically: true, encoding: .utf8)

        func lint(_ args: [String]) throws -> Tool.Result { try CLI.run(["lint"] + args + ["rules/a.yml"], cwd: proj, timeout: 120) }
        // Basic auth over plain HTTP (the socket client).
        let ok = try lint(["--prometheus", "http://127.0.0.1:\(plain)"] + auth)
        #expect(ok.status == 0 && ok.stdout.contains("warning[online/series]: missing_total has no series"), "\(ok.output)")
        let noAuth = try lint(["--prometheus", "http://127.0.0.1:\(plain)"])
        #expect(noAuth.status == 2 && noAuth.stderr.contains("answered HTTP 401"), "\(noAuth.output)")
        let wrong = try lint(["--prometheus", "http://127.0.0.1:\(plain)", "--prometheus-header", "Authorization=\(dir.path)/wrong.txt"])
        #expect(wrong.status == 2 && wrong.stderr.contains("answered HTTP 401"), "\(wrong.output)")
        // TLS with a private CA and a client certificate (curl).
        let secure = try lint(["--prometheus", "https://127.0.0.1:\(tls)"] + auth + certs)
        #expect(secure.status == 0 && secure.stdout.contains("warning[online/series]: missing_total has no series on https://127.0.0.1:\(tls)"), "\(secure.output)")
        let untrusted = try lint(["--prometheus", "https://127.0.0.1:\(tls)"] + auth)
        #expect(untrusted.status == 2 && untrusted.stderr.contains("cannot reach https://127.0.0.1:\(tls)"), "\(untrusted.output)")
        let noClientCert = try lint(["--prometheus", "https://127.0.0.1:\(tls)", "--prometheus-ca-file", "\(dir.path)/ca.crt"] + auth)
        #expect(noClientCert.status == 2, "\(noClientCert.output)")
        #expect(!(ok.output + secure.output + noAuth.output).contains("s3cret") && !(ok.output + secure.output).contains("b2JzZ2Vu"), "credentials printed")

        // obsgen.yml's servers: relative files, and paths that limit where findings go.
        try """
            prometheus:
              - url: https://127.0.0.1:\(tls)
                paths: [rules/]
                timeout: 20s
                header_files:
                  Authorization: ../auth.txt
                tls:
                  ca_file: ../ca.crt
                  cert_file: ../client.crt
                  key_file: ../client.key

            """.write(to: proj.appendingPathComponent("obsgen.yml"), atomically: true, encoding: .utf8)
        let configured = try CLI.run(["lint", "--format", "json", "rules/a.yml", "legacy/b.yml"], cwd: proj, timeout: 120)
        #expect(configured.status == 0, "\(configured.output)")
        let findings = ((try? JSONSerialization.jsonObject(with: Data(configured.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        let online = findings.filter { ($0["check"] as? String) == "online/series" }.compactMap { $0["file"] as? String }
        #expect(online == ["rules/a.yml"], "\(configured.output)")
        // From a folder below: obsgen.yml's paths are its folder's, not the current one's.
        let below = try CLI.run(["lint", "--format", "json", "a.yml", "../legacy/b.yml"], cwd: proj.appendingPathComponent("rules"), timeout: 120)
        let belowFindings = ((try? JSONSerialization.jsonObject(with: Data(below.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        #expect(belowFindings.filter { ($0["check"] as? String) == "online/series" }.compactMap { $0["file"] as? String } == ["a.yml"], "\(below.output)")
        let offline = try CLI.run(["lint", "--offline", "rules/a.yml"], cwd: proj, timeout: 120)
        #expect(offline.status == 0 && !offline.output.contains("online"), "\(offline.output)")
    }
}
