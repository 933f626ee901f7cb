import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over a plain TCP socket, for `http://` servers. URLSession on Linux keeps a core
/// busy while it waits for an answer (measured: 2 s of system time in a 3 s wait); this waits
/// in poll(2). One connection per request (`Connection: close`), IPv4 or IPv6, the URL's
/// credentials sent as basic auth, `Content-Length` and chunked bodies, bounded in time and size.
public struct SocketTransport: HTTPTransport {
    public init() {}

    public func get(_ url: URL, server: PrometheusServer) throws(PrometheusError) -> (status: Int, body: Data) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let path = components.map { ($0.percentEncodedPath.isEmpty ? "/" : $0.percentEncodedPath) + ($0.percentEncodedQuery.map { "?" + $0 } ?? "") } ?? "/"
        let shown = shortPath(path.removingPercentEncoding ?? path)
        func fail(_ kind: PrometheusError.Kind, _ detail: String) -> PrometheusError {
            PrometheusError(kind, server: server.displayURL, path: shown, detail)
        }
        guard var host = url.host, !host.isEmpty else { throw fail(.cannotConnect, "no host in the URL") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = url.port ?? 80
        let deadline = Date().addingTimeInterval(server.timeout)
        func remaining() -> Int32 { Int32(max(0, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000))) }

        // Resolve and connect, each address in turn.
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else { throw fail(.cannotConnect, "cannot resolve \(host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var lastError = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai, fd < 0 {
            ai = a.pointee.ai_next
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            guard s >= 0 else { lastError = String(cString: strerror(errno)); continue }
            _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            _ = setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { lastError = String(cString: strerror(errno)); close(s); continue }
                var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
                let n = poll(&p, 1, remaining())
                if n == 0 { close(s); throw fail(.timeout, formatSeconds(server.timeout)) }
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
                if n < 0 || err != 0 { lastError = String(cString: strerror(err != 0 ? err : errno)); close(s); continue }
            }
            fd = s
        }
        guard fd >= 0 else { throw fail(.cannotConnect, lastError) }
        defer { close(fd) }

        // The request.
        var hostHeader = host.contains(":") ? "[\(host)]" : host
        if let p = url.port { hostHeader += ":\(p)" }
        var request = "GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: obsgen\r\nAccept: application/json\r\nAccept-Encoding: identity\r\nConnection: close\r\n"
        var headers = server.headers
        if headers.keys.contains(where: { $0.lowercased() == "authorization" }) == false, let user = url.user {
            headers["Authorization"] = "Basic " + Data("\(user):\(url.password ?? "")".utf8).base64EncodedString()
        }
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { request += "\(k): \(v)\r\n" }
        request += "\r\n"
        var out = Array(request.utf8)[...]
        while !out.isEmpty {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let n = poll(&p, 1, remaining())
            if n == 0 { throw fail(.timeout, formatSeconds(server.timeout)) }
            let sent = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw fail(.cannotConnect, String(cString: strerror(errno)))
            }
            out = out.dropFirst(sent)
        }

        // The answer, to the end of the connection.
        let limit = server.maxResponseBytes + (64 << 10)
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let n = poll(&p, 1, remaining())
            if n == 0 { throw fail(.timeout, formatSeconds(server.timeout)) }
            if n < 0 { if errno == EINTR { continue }; throw fail(.cannotConnect, String(cString: strerror(errno))) }
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got == 0 { break }
            if got < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw fail(.cannotConnect, String(cString: strerror(errno)))
            }
            answer.append(contentsOf: buffer[0..<got])
            if answer.count > limit { throw fail(.tooLarge, "\(server.maxResponseBytes) bytes") }
        }
        return try Self.parse(answer, fail: fail)
    }

    /// Status and body of an HTTP/1.x answer.
    static func parse(_ answer: [UInt8], fail: (PrometheusError.Kind, String) -> PrometheusError) throws(PrometheusError) -> (status: Int, body: Data) {
        let crlf2: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, answer.count - 3)).first(where: { answer[$0..<$0 + 4].elementsEqual(crlf2) }) else {
            throw fail(.cannotConnect, answer.isEmpty ? "the connection closed without an answer" : "not an HTTP answer")
        }
        let head = String(decoding: answer[0..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = head.first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else { throw fail(.cannotConnect, "not an HTTP answer") }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(answer[(end + 4)...])
        if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            var decoded: [UInt8] = []
            var i = 0
            while true {
                guard let lineEnd = (i..<max(i, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }) else { throw fail(.badAnswer, "a chunked body cut short") }
                let sizeText = String(decoding: body[i..<lineEnd], as: UTF8.self).split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else { throw fail(.badAnswer, "a chunk size that is not a number") }
                i = lineEnd + 2
                if size == 0 { break }
                guard size <= body.count - i else { throw fail(.badAnswer, "a chunked body cut short") }
                decoded.append(contentsOf: body[i..<i + size])
                i += size + 2
            }
            body = decoded
        } else if let length = fields["content-length"].flatMap({ Int($0) }) {
            guard length <= body.count else { throw fail(.badAnswer, "a body shorter than its Content-Length") }
            body = Array(body[0..<length])
        }
        return (status, Data(body))
    }
}
