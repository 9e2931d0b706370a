/// The fixed parts of Medusa's answers (supervisor/medusa/http_server.py): the `Server` header, the reason phrases of
/// `http_request.responses` and the small HTML body of `http_request.error`.
enum MedusaResponses {
    /// `Server: Medusa/1.12` (Medusa's RCS id `http_server.py,v 1.12`).
    static let serverHeader = "Medusa/1.12"

    /// Medusa's reason phrase for `code`; a few differ from today's RFC names (413 "Request Entity Too Large",
    /// 302 "Moved Temporarily"). 431 (which Medusa never sends) has RFC 6585's; other codes Medusa does not know get
    /// a generic phrase.
    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 205: "Reset Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Moved Temporarily"
        case 303: "See Other"
        case 304: "Not Modified"
        case 305: "Use Proxy"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Time-out"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Request Entity Too Large"
        case 414: "Request-URI Too Large"
        case 415: "Unsupported Media Type"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Time-out"
        case 505: "HTTP Version not supported"
        default: code < 400 ? "OK" : "Error"
        }
    }

    /// `DEFAULT_ERROR_MESSAGE`: lines joined with CRLF, ending with one (134 bytes for a 404).
    static func errorBody(_ code: Int) -> [UInt8] {
        let lines = [
            "<head>", "<title>Error response</title>", "</head>", "<body>", "<h1>Error response</h1>",
            "<p>Error code \(code).", "<p>Message: \(reasonPhrase(code)).", "</body>", "",
        ]
        return Array(lines.joined(separator: "\r\n").utf8)
    }
}
