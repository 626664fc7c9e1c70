// SPDX-License-Identifier: Apache-2.0
import StepwiseServer
import Testing

@Suite struct HTMLTests {
    @Test func escapeReplacesEveryMarkupCharacter() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }

    @Test func escapeLeavesPlainTextAndUnicodeAlone() {
        #expect(HTML.escape("PHQ-9 ≥ 10 — Müller") == "PHQ-9 ≥ 10 — Müller")
    }

    @Test func interpolatedStringsAreEscapedButFragmentsAreNot() {
        let name = "<b>Eve</b>"
        let bold: HTML = "<b>ok</b>"
        let html: HTML = "<p title=\"\(name)\">\(name) \(bold)</p>"
        #expect(html.rendered == "<p title=\"&lt;b&gt;Eve&lt;/b&gt;\">&lt;b&gt;Eve&lt;/b&gt; <b>ok</b></p>")
    }

    @Test func numbersAndOptionalsInterpolate() {
        let missing: String? = nil
        let html: HTML = "<td>\(42)</td><td>\(missing)</td>"
        #expect(html.rendered == "<td>42</td><td></td>")
    }

    @Test func formDataDecodesPlusAndPercentEscapes() {
        let form = FormData(encoded: "a=two+words&b=%C3%A9t%C3%A9&c=&d=%ZZ&a=second")
        #expect(form["a"] == "two words")
        #expect(form.all("a") == ["two words", "second"])
        #expect(form["b"] == "été")
        #expect(form["c"] == nil)
        #expect(form.raw("c") == "")
        #expect(form["d"] == "%ZZ")
    }

    @Test func formDataEncodeRoundTrips() {
        let text = "a b&c=d/é"
        #expect(FormData(encoded: "x=" + FormData.encode(text))["x"] == text)
    }
}
