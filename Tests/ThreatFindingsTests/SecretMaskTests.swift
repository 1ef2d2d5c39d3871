import ThreatFindings
import Testing

@Test(arguments: [
    ("USER admin\nPASS Winter2026!\n", "USER admin\nPASS ********\n"),
    ("a1 LOGIN bob hunter22\n", "a1 LOGIN bob ********\n"),
    ("AUTH PLAIN AGFsaWNlAHMzY3JldA==\n", "AUTH PLAIN ********\n"),
    ("APOP mrose c4c9334bac560ecc979e58001b3e22fb\n", "APOP mrose ********\n"),
    ("GET / HTTP/1.1\nAuthorization: Basic Ym9iOnMzY3JldA==\n\n", "GET / HTTP/1.1\nAuthorization: Basic ********\n\n"),
    ("user=admin&password=letmein&submit=1", "user=admin&password=********&submit=1"),
    ("GET /index.html HTTP/1.1\nHost: example.com\n", "GET /index.html HTTP/1.1\nHost: example.com\n"),
])
func secretsInCleartextLoginsAreMasked(_ input: String, _ expected: String) {
    #expect(SecretMask.masked(input) == expected)
}

@Test func keystrokesAfterAPasswordPromptAreMasked() {
    #expect(SecretMask.isPasswordPrompt("\nPassword: "))
    #expect(!SecretMask.isPasswordPrompt("router login: "))
    #expect(SecretMask.masked("S3cretPw\n", afterPasswordPrompt: true) == "********\n")
}
