/// Service names of well-known ports, as Wireshark's services file (IANA) spells them: the one
/// table every stage names ports from (findings' prose, packet details, the scan figure).
public enum PortNames {
    static let table: [UInt16: String] = [
        7: "echo", 20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain", 67: "bootps", 68: "bootpc",
        69: "tftp", 80: "http", 88: "kerberos", 110: "pop3", 111: "sunrpc", 123: "ntp", 135: "epmap", 137: "netbios-ns",
        139: "netbios-ssn", 143: "imap", 161: "snmp", 389: "ldap", 443: "https", 445: "microsoft-ds", 465: "submissions",
        514: "syslog", 587: "submission", 993: "imaps", 995: "pop3s", 1433: "ms-sql-s", 1723: "pptp", 3306: "mysql",
        3389: "ms-wbt-server", 5432: "postgresql", 5900: "vnc", 6379: "redis", 8080: "http-alt", 8443: "https-alt",
    ]

    /// The service name of `port`, or nil for a port without one.
    public static func name(_ port: UInt16) -> String? { table[port] }

    /// `22/ssh`, or `31337` for a port without a name.
    public static func label(_ port: UInt16) -> String { table[port].map { "\(port)/\($0)" } ?? "\(port)" }

    /// `22/ssh, 80/http, 443/https`.
    public static func list(_ ports: [UInt16]) -> String { ports.map(label).joined(separator: ", ") }
}
