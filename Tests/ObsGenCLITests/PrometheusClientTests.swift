import Foundation
import Testing
@testable import PrometheusAPI

@Suite struct ClientEncodingTests {
    @Test func queryParametersEncodePlusAndBraces() {
        #expect(PrometheusClient.encode("a+b{c=\"d\"}") == "a%2Bb%7Bc%3D%22d%22%7D")
        #expect(PrometheusServer.parseURL("http://127.0.0.1:9090/")?.absoluteString == "http://127.0.0.1:9090")
        #expect(PrometheusServer.parseURL("ftp://x") == nil)
        #expect(PrometheusServer.parseURL("127.0.0.1:9090") == nil)
    }
}
