/// Prevention advice tied to findings, with references a customer's auditor recognises.
public struct Recommendation: Sendable {
    public var id: String
    public var title: String
    public var detail: String
    /// The ids of the findings it answers.
    public var appliesTo: [String]
    public var references: [String]
    public init(id: String, title: String, detail: String, appliesTo: [String], references: [String]) {
        self.id = id
        self.title = title
        self.detail = detail
        self.appliesTo = appliesTo
        self.references = references
    }
}
