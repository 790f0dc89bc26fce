import Testing
@testable import Mail2SMSCore

/// `%number%` and `%data%` take the encoded number and text; the rest of the URL is the admin's, as written.
@Suite struct URLTemplateTests {
    static let expansions: [(template: String, expanded: String)] = [
        ("http://h/send?to=%number%&text=%data%", "http://h/send?to=%2B48%20501&text=hi%20%26%20bye%3D1"),
        ("http://h/send?text=%data%&to=%number%&again=%data%",
         "http://h/send?text=hi%20%26%20bye%3D1&to=%2B48%20501&again=hi%20%26%20bye%3D1"),
        // What is not a known placeholder is kept: the admin's own encoding, other names, lone percents.
        ("http://h/a%20b?x=%data%", "http://h/a%20b?x=hi%20%26%20bye%3D1"),
        ("http://h/?x=%foo%&to=%number%", "http://h/?x=%foo%&to=%2B48%20501"),
        ("http://h/?x=100%", "http://h/?x=100%"),
        ("http://h/?x=%%number%", "http://h/?x=%%2B48%20501"),
        ("http://h/?x=%NUMBER%", "http://h/?x=%NUMBER%"),
        ("http://h/?x=%number", "http://h/?x=%number"),
        ("http://h/static", "http://h/static"),
        ("", ""),
    ]

    @Test(arguments: expansions)
    func expands(template: String, expanded: String) {
        #expect(URLTemplate(template).expand(number: "+48 501", text: "hi & bye=1") == expanded)
    }

    static let parses: [(template: String, segments: [URLTemplate.Segment])] = [
        ("http://h/?to=%number%&text=%data%", [.literal("http://h/?to="), .number, .literal("&text="), .data]),
        ("%data%%number%", [.data, .number]),
        ("a%20b%data%", [.literal("a%20b"), .data]),
        ("%foo%", [.literal("%foo%")]),
        ("", []),
    ]

    @Test(arguments: parses)
    func parsesOnce(template: String, segments: [URLTemplate.Segment]) {
        #expect(URLTemplate(template).segments == segments)
    }

    /// Text from mail can never add a parameter or change the path, whatever it holds.
    @Test(arguments: ["&to=999", "?x=1", "#frag", "%number%", "a/../b", "x\r\nHost: evil"])
    func mailContentStaysInsideItsParameter(text: String) {
        let url = URLTemplate("http://h/send?to=%number%&text=%data%").expand(number: "1", text: text)
        let query = url.dropFirst("http://h/send?".count)
        #expect(query.split(separator: "&").count == 2)
        #expect(!url.contains("#") && !url.contains("\r") && !url.contains("\n"))
    }
}
