import Foundation
import Testing

@Suite(.enabled(if: CLI.binary != nil, "the obsgen executable is not built")) struct PromQLCommandTests {
    @Test func checkExitStatusesAndDiagnostics() throws {
        let ok = try CLI.run(["promql", "check", "sum(rate(x[5m]))"])
        #expect(ok.status == 0)
        let bad = try CLI.run(["promql", "check", "up", "sum(rate(x[5m])"])
        #expect(bad.status == 1)
        #expect(bad.stderr == """
        <arg2>:1:16: error: unclosed left parenthesis
          sum(rate(x[5m])
                         ^

        """)
        let usage = try CLI.run(["promql", "check"])
        #expect(usage.status == 2)
        let flag = try CLI.run(["promql", "check", "--enable-feature", "nope", "up"])
        #expect(flag.status == 2)
    }

    @Test func featuresAreOffByDefaultAndNamed() throws {
        let off = try CLI.run(["promql", "check", "rate(x[5m] anchored)"])
        #expect(off.status == 1)
        #expect(off.stderr.contains("--enable-feature=promql-extended-range-selectors"))
        let on = try CLI.run(["promql", "check", "--enable-feature", "promql-extended-range-selectors", "rate(x[5m] anchored)"])
        #expect(on.status == 0)
        let all = try CLI.run(["promql", "check", "--enable-feature=all", "info(up)", "foo offset (5m*2)"])
        #expect(all.status == 0)
    }

    @Test func jsonLinesInterface() throws {
        let input = "{\"expr\": \"up\"}\n{\"expr\": \"1 +\"}\n{\"expr\": \"foo[5m]\"}\n{\"expr\": \"\\\"s\\\"\"}\n{\"expr\": \"1\"}\n"
        let r = try CLI.run(["promql", "check", "--jsonl", "-"], stdin: input)
        #expect(r.status == 1)
        #expect(r.stdout == """
        {"valid": true, "type": "vector"}
        {"valid": false, "error": {"message": "unexpected end of input", "offset": 3}}
        {"valid": true, "type": "matrix"}
        {"valid": true, "type": "string"}
        {"valid": true, "type": "scalar"}

        """)
        let allValid = try CLI.run(["promql", "check", "--jsonl", "-"], stdin: "{\"expr\": \"up\"}\n")
        #expect(allValid.status == 0)
        let broken = try CLI.run(["promql", "check", "--jsonl", "-"], stdin: "not json\n")
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("<stdin>:1:1: error"))
    }

    @Test func formatOneLineAndPretty() throws {
        let one = try CLI.run(["promql", "fmt", "sum   by(job)(rate(x{b=\"1\",a=\"2\"}[300s]))"])
        #expect(one.stdout == "sum by (job) (rate(x{a=\"2\",b=\"1\"}[5m]))\n")
        let pretty = try CLI.run(["promql", "fmt", "--pretty", "--max-line-length", "20", "a_long_metric + another_long_metric"])
        #expect(pretty.stdout == "  a_long_metric\n+\n  another_long_metric\n")
        let bad = try CLI.run(["promql", "fmt", "sum("])
        #expect(bad.status == 1)
    }

    @Test func versionFlag() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(!r.stdout.isEmpty)
    }
}
