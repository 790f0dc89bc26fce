/// Several diagnostics thrown at once: what checking a declaration (a gateway, the guard) found wrong with it.
package struct DiagnosticList: Error {
    package var diagnostics: [Diagnostic]
    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
