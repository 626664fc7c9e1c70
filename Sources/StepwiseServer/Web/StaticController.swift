// SPDX-License-Identifier: Apache-2.0
import HTTPTypes
import Hummingbird

/// Serves the stylesheet and script from memory with long-lived caching.
struct StaticController {
    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/static/app.css") { _, _ in
            Self.asset(StaticAssets.css, type: "text/css; charset=utf-8")
        }
        router.get("/static/app.js") { _, _ in
            Self.asset(StaticAssets.javascript, type: "text/javascript; charset=utf-8")
        }
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
