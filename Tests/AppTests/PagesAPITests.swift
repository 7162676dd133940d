@testable import App
import Foundation
import TestSupport
import Testing

@Suite struct PagesAPITests {
    @Test func theIndexListsArraysAndHistoriesEscaped() throws {
        let app = try TestApp()
        let client = try app.client()
        _ = try client.request("POST", "/arrays", body: #"{"name":"live","size":2}"#)
        _ = try client.request("PUT", "/arrays/live/registers/0", body: #"{"value":1}"#)
        let hostile = #"<script>alert(1)</script>"#
        let body = #"{"name":"\#(hostile)","operations":[{"process":"\"><svg onload=x>","kind":"write","value":"</svg>","invoke":1,"complete":2}]}"#
        #expect(try client.request("POST", "/histories", body: body).status == 201)
        let index = try client.request("GET", "/")
        #expect(index.status == 200)
        #expect(index.header("Content-Type") == "text/html; charset=utf-8")
        #expect(index.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(index.text.contains("live"))
        #expect(index.text.contains("&lt;script&gt;"))
        #expect(!index.text.contains(hostile))
        #expect(index.text.contains(#"method="post" action="/histories""#))
    }

    @Test func timelinesOfHistoriesAndArraysAreServedWithTheirVerdicts() throws {
        let app = try TestApp()
        let client = try app.client()
        let body = #"{"name":"t","operations":[{"process":"p<1>","kind":"write","value":"<b>","invoke":1,"complete":2},{"process":"q","kind":"read","value":"<b>","invoke":3,"complete":4}]}"#
        let location = try #require(try client.request("POST", "/histories", body: body).header("Location"))
        let page = try client.request("GET", location + "/timeline")
        #expect(page.status == 200)
        #expect(page.text.contains("atomic"))
        #expect(page.text.contains(#"id="op-1""#))
        #expect(!page.text.contains("<b>"))
        #expect(!page.text.contains("p<1>"))
        #expect(try client.request("GET", location + "/timeline?page=2").status == 404)

        _ = try client.request("POST", "/arrays", body: #"{"name":"a","size":1}"#)
        _ = try client.request("PUT", "/arrays/a/registers/0?process=w", body: #"{"value":7}"#)
        _ = try client.request("GET", "/arrays/a/registers/0?process=r")
        let verdict = try client.request("GET", "/arrays/a/verdict")
        #expect(verdict.object["consistency"] as? String == "atomic")
        #expect(((verdict.object["registers"] as? [[String: Any]])?.first?["linearization"] as? [Int]) == [0, 1])
        let timeline = try client.request("GET", "/arrays/a/timeline")
        #expect(timeline.status == 200)
        #expect(timeline.text.contains(#"id="op-0""#))
    }

    @Test func staticFilesComeFromPublicAndNowhereElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-public-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("css"), withIntermediateDirectories: true)
        try Data("body{}".utf8).write(to: folder.appendingPathComponent("css/site.css"))
        try Data("secret".utf8).write(to: folder.deletingLastPathComponent().appendingPathComponent("outside-\(folder.lastPathComponent).txt"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("escape.txt").path,
            withDestinationPath: folder.deletingLastPathComponent().appendingPathComponent("outside-\(folder.lastPathComponent).txt").path)
        let app = try TestApp(publicDirectory: folder.path)
        let client = try app.client()
        let css = try client.request("GET", "/static/css/site.css")
        #expect(css.status == 200)
        #expect(css.text == "body{}")
        #expect(css.header("Content-Type") == "text/css; charset=utf-8")
        for target in [
            "/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/css/..%2f..%2fPackage.swift",
            "/static/css%2fsite.css", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/escape.txt",
            "/static/css", "/static/", "/static/.hidden",
        ] {
            let response = try client.request("GET", target)
            #expect(response.status == 404 || response.status == 400, "\(target)")
            #expect(!response.text.contains("secret"), "\(target)")
        }
    }
}
