import Foundation
import ObsGen
import Testing
@testable import ObsGenCLI
@testable import PrometheusAPI

/// The client's reading of answers, through a transport that returns fixed bytes (the real
/// servers are in LiveServerTests).
@Suite struct PrometheusClientTests {
    struct Canned: HTTPTransport {
        var status: Int
        var body: String
        func get(_ url: URL, server: PrometheusServer) throws(PrometheusError) -> (status: Int, body: Data) { (status, Data(body.utf8)) }
    }

    static func client(_ status: Int, _ body: String) -> PrometheusClient {
        PrometheusClient(server: PrometheusServer(url: URL(string: "http://prom.example:9090")!), transport: Canned(status: status, body: body))
    }

    static func error(_ f: () throws(PrometheusError) -> Void) -> PrometheusError? {
        do { try f() } catch { return error }
        return nil
    }

    @Test func queryParametersEncodePlusAndBraces() {
        #expect(PrometheusClient.encode("a+b{c=\"d\"}") == "a%2Bb%7Bc%3D%22d%22%7D")
        #expect(PrometheusServer.parseURL("http://127.0.0.1:9090/")?.absoluteString == "http://127.0.0.1:9090")
        #expect(PrometheusServer.parseURL("https://user:pw@mimir.example/prometheus")?.absoluteString == "https://user:pw@mimir.example/prometheus")
        #expect(PrometheusServer(url: PrometheusServer.parseURL("https://user:pw@mimir.example/prometheus")!).displayURL == "https://mimir.example/prometheus")
        #expect(PrometheusServer.parseURL("ftp://x") == nil)
        #expect(PrometheusServer.parseURL("127.0.0.1:9090") == nil)
        #expect(PrometheusServer.parseURL("http://x:9090/?a=b") == nil)
    }

    @Test func vectorsScalarsAndSpecialValues() throws {
        let v = try Self.client(200, #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1.5,"NaN"]},{"metric":{},"value":[1.5,"+Inf"]},{"metric":{},"value":[1.5,"0.25"]}]}}"#).query("x")
        #expect(v.count == 3 && v[0].labels == ["job": "a"] && v[0].value.isNaN && v[1].value == .infinity && v[2].value == 0.25)
        let s = try Self.client(200, #"{"status":"success","data":{"resultType":"scalar","result":[1.5,"42"]}}"#).query("42")
        #expect(s == [Sample(labels: [:], value: 42)])
        let m = try Self.client(200, #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[10,"1"],[20,"2"]]}]}}"#)
            .queryRange("x", start: Date(timeIntervalSince1970: 10), end: Date(timeIntervalSince1970: 20), step: 10)
        #expect(m.first?.points.map(\.value) == [1, 2])
        let meta = try Self.client(200, #"{"status":"success","data":{"x_total":[{"type":"counter","help":"X.","unit":""}],"odd":[]}}"#).metadata()
        #expect(meta == ["x_total": MetricMetadata(type: "counter", help: "X.")])
    }

    @Test func everyKindOfBadAnswerIsOneClearError() {
        let cases: [(Int, String, PrometheusError.Kind, String)] = [
            (200, "<html>hi</html>", .notJSON, "did not answer with JSON (it begins \"<html>hi</html>\")"),
            (200, "", .notJSON, "(an empty answer)"),
            (500, "boom\n", .http, "answered HTTP 500: \"boom\\n\""),
            (503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}", .api, "answered an error: unavailable: overloaded"),
            (400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}", .api, "answered an error: bad_data: parse error"),
            (200, "{\"status\":\"success\"}", .badAnswer, "no \"status\": \"success\" with \"data\""),
            (200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", .api, "answers a matrix"),
            (200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{}}]}}", .badAnswer, "a sample without a value"),
            (200, "[1, 2]", .notJSON, "did not answer with JSON"),
        ]
        for (status, body, kind, text) in cases {
            let e = Self.error { () throws(PrometheusError) in _ = try Self.client(status, body).query("up") }
            #expect(e?.kind == kind, "\(body): \(String(describing: e))")
            #expect(e?.description.contains(text) == true, "\(String(describing: e?.description)) lacks \(text)")
        }
    }

    @Test func hostileAnswersAreErrorsNotCrashes() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(Self.error { () throws(PrometheusError) in _ = try Self.client(200, deep).query("up") }?.kind == .notJSON)
        let nested = "{\"status\":\"success\",\"data\":" + String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000) + "}"
        #expect(Self.error { () throws(PrometheusError) in _ = try Self.client(200, nested).query("up") } != nil)
        let control = Self.error { () throws(PrometheusError) in _ = try Self.client(500, "\u{1B}[31mred\u{7}").query("up") }
        #expect(control?.description.contains("\\x1b[31mred\\x07") == true, "\(String(describing: control))")
    }

    @Test func httpAnswersAreReadWithTheirFraming() throws {
        func parse(_ text: String) throws(PrometheusError) -> (status: Int, body: Data) {
            try SocketTransport.parse(Array(text.utf8)) { PrometheusError($0, server: "s", path: "/p", $1) }
        }
        let plain = try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and more")
        #expect(plain.status == 200 && plain.body == Data("hello".utf8))
        let chunked = try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n")
        #expect(String(decoding: chunked.body, as: UTF8.self) == "{\"a\":1}")
        let untilClose = try parse("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n404 page not found\n")
        #expect(untilClose.status == 404 && untilClose.body == Data("404 page not found\n".utf8))
        for bad in ["", "garbage", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nshort", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort"] {
            #expect(Self.error { () throws(PrometheusError) in _ = try parse(bad) } != nil, "\(bad)")
        }
    }

    @Test func headerFilesHoldOneLine() throws {
        let dir = TempDir.make("obsgen-headers")
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ bytes: String) -> String {
            let u = dir.appendingPathComponent(name)
            FileManager.default.createFile(atPath: u.path, contents: Data(bytes.utf8))
            return u.path
        }
        #expect(try ServerOptions.headerValue(file: file("lf", "Bearer abc\n")) == "Bearer abc")
        #expect(try ServerOptions.headerValue(file: file("crlf", "Bearer abc\r\n")) == "Bearer abc")
        for (name, text, why) in [("empty", "", "is empty"), ("blank", "\n", "is empty"), ("two", "a\nb\n", "more than one line"),
                                  ("ctl", "Bearer \u{1}x", "control characters")] {
            do {
                _ = try ServerOptions.headerValue(file: file(name, text))
                Issue.record("\(name) accepted")
            } catch {
                #expect("\(error)".contains(why), "\(error)")
            }
        }
    }

    @Test func aUsageErrorFoundWhileRunningShowsTheSubcommandsUsage() throws {
        let r = try CLI.run(["gate", "--prometheus", "http://127.0.0.1:1", "--expr", "up", "--min", "10", "--max", "5"])
        #expect(r.status == 2 && r.stderr == "obsgen: --min 10 is above --max 5: nothing could pass\n", "\(r.output)")
        let header = try CLI.run(["lint", "--prometheus", "http://127.0.0.1:1", "--prometheus-header", "Authorization=/nonexistent/file", "x.yml"])
        #expect(header.status == 2 && header.stderr.hasPrefix("obsgen: cannot read the header file"), "\(header.output)")
    }

    @Test func answersAreCachedForTheRun() throws {
        let c = Self.client(200, #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
        _ = try c.query("count(up)")
        _ = try c.query("count(up)")
        _ = try c.query("count(x)")
        #expect(c.requestCount == 2)
    }
}
