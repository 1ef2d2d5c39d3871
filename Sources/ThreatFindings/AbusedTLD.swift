/// Top-level domains that threat reports (Spamhaus's "most abused TLDs", Interisle's phishing
/// landscape, Palo Alto Unit 42) name again and again for malware, phishing and C2 registrations:
/// cheap or free to register, lightly policed. A name under one is an observation, never a finding
/// on its own: plenty of honest sites live there. It only adds weight to another signal (a DGA-shaped
/// label, a DNS beacon). The list is short and documented in docs/detections.md.
public enum AbusedTLD {
    /// The list, lower case, without the dot.
    public static let tlds: Set<String> = [
        "top", "xyz", "zip", "mov", "tk", "gq", "cf", "ml", "ga", "cyou", "icu", "buzz", "rest", "monster", "cfd", "sbs",
        "click", "work", "loan", "su",
    ]

    /// The abused TLD `name` ends in, or nil (`a.b.top` → `top`; a trailing dot is ignored).
    public static func tld(of name: String) -> Substring? {
        var n = Substring(name)
        if n.hasSuffix(".") { n = n.dropLast() }
        guard let dot = n.lastIndex(of: ".") else { return nil }
        let last = n[n.index(after: dot)...]
        return tlds.contains(last.lowercased()) ? last : nil
    }
}
