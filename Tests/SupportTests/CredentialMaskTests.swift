import Support
import Testing

/// Every credential form the tool recognises, through the one masker every output uses.
@Test(arguments: [
    // FTP / POP3 USER+PASS
    ("USER admin\r\nPASS Winter2026!\r\n", "USER admin\r\nPASS ********\r\n"),
    ("user admin\npass lower-case\n", "user admin\npass ********\n"),
    // POP3 APOP: the digest answers the server's challenge
    ("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n", "APOP mrose ********\r\n"),
    // IMAP LOGIN
    ("a1 LOGIN bob hunter22\r\n", "a1 LOGIN bob ********\r\n"),
    // SMTP / IMAP / POP AUTH with an inline response
    ("AUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n", "AUTH PLAIN ********\r\n"),
    ("AUTH LOGIN dXNlcg==\r\n", "AUTH LOGIN ********\r\n"),
    ("AUTH CRAM-MD5 Ym9iIDkxYjQ=\r\n", "AUTH CRAM-MD5 ********\r\n"),
    // HTTP Basic and other Authorization schemes keep the scheme word
    ("GET / HTTP/1.1\r\nAuthorization: Basic Ym9iOnMzY3JldA==\r\n\r\n", "GET / HTTP/1.1\r\nAuthorization: Basic ********\r\n\r\n"),
    ("Proxy-Authorization: Digest username=\"bob\"\r\n", "Proxy-Authorization: Digest ********\r\n"),
    ("Authorization: Bearer abc.def\r\n", "Authorization: Bearer ********\r\n"),
    // Cookies and API tokens
    ("Cookie: session=abc123\r\n", "Cookie: ********\r\n"),
    ("Set-Cookie: id=42; HttpOnly\r\n", "Set-Cookie: ********\r\n"),
    ("X-API-Key: k-123\r\n", "X-API-Key: ********\r\n"),
    // password= in query strings and form bodies
    ("GET /login?user=admin&password=letmein HTTP/1.1\r\n", "GET /login?user=admin&password=******** HTTP/1.1\r\n"),
    ("username=admin&passwd=pw1&submit=1", "username=admin&passwd=********&submit=1"),
    ("{\"user\":\"a\",\"pwd=x\"}", "{\"user\":\"a\",\"pwd=********\"}"),
    ("q=1&token=t0k&pass=p", "q=1&token=********&pass=********"),
    // hydra http-get-form / http-post-form spellings: any case, suffixes, digits, brackets,
    // URL-encoded names, URL-encoded query inside a value, JSON members
    (
        "GET /brute/?username=admin&Password=Zq7&Login=Login HTTP/1.1\r\n",
        "GET /brute/?username=admin&Password=********&Login=Login HTTP/1.1\r\n"
    ),
    (
        "user=a&PASSWD=b&pwd2=c&login_password=d&p%61ssword=e&user%5Bpassword%5D=f&user[pass]=g&j_password=h&x=1",
        "user=a&PASSWD=********&pwd2=********&login_password=********&p%61ssword=********&user%5Bpassword%5D=********&user[pass]=********&j_password=********&x=1"
    ),
    (
        "GET /go?next=%2Flogin%3Fuser%3Dbob%26password%3Ds3cr%21t%26x%3D1 HTTP/1.1",
        "GET /go?next=%2Flogin%3Fuser%3Dbob%26password%3D********%26x%3D1 HTTP/1.1"
    ),
    (
        "{\"username\": \"bob\", \"password\": \"s3\\\"cret\", \"remember\": true}",
        "{\"username\": \"bob\", \"password\": \"********\", \"remember\": true}"
    ),
    (
        "Referer: http://h/login?client_secret=abc&csrf_token=def\r\n",
        "Referer: http://h/login?client_secret=********&csrf_token=********\r\n"
    ),
    // Ordinary text is left alone
    ("GET /index.html HTTP/1.1\r\nHost: example.com\r\n", "GET /index.html HTTP/1.1\r\nHost: example.com\r\n"),
    ("passport=yes\n", "passport=yes\n"),
    ("username=bob&compassion=1&pin=2\n", "username=bob&compassion=1&pin=2\n"),
])
func everyCredentialFormIsMasked(_ input: String, _ expected: String) {
    #expect(CredentialMask.masked(input) == expected)
    #expect(CredentialMask.masked(Array(input.utf8)) == Array(expected.utf8))
}

/// Telnet keystrokes and SMTP AUTH responses answer a prompt; the caller masks the line after one.
@Test(arguments: ["\nPassword: ", "Password:", "login ok\r\nPasscode: ", "Enter PIN: ", "334 UGFzc3dvcmQ6\r\n", "334 \r\n"])
func passwordPromptsAreRecognised(_ prompt: String) {
    #expect(CredentialMask.isPasswordPrompt(prompt))
}

@Test(arguments: ["router login: ", "334 VXNlcm5hbWU6\r\n", "220 mail.example.com ESMTP\r\n", ""])
func otherServerTextIsNotAPrompt(_ text: String) {
    #expect(!CredentialMask.isPasswordPrompt(text))
}

/// The packet pane's bytes keep their length: each secret byte becomes `*`, outside the payload nothing changes.
@Test
func maskKeepingLengthOverwritesOnlyTheSecretBytes() {
    let header: [UInt8] = [0x70, 0x61, 0x73, 0x73, 0x20, 0x78]  // "pass x" outside the payload range
    var bytes = header + Array("POST /l HTTP/1.1\r\n\r\nuser=a&password=hunter2&go=1".utf8)
    CredentialMask.maskKeepingLength(&bytes, in: header.count ..< bytes.count + 10)
    #expect(Array(bytes.prefix(header.count)) == header)
    #expect(String(decoding: bytes.dropFirst(header.count), as: UTF8.self) == "POST /l HTTP/1.1\r\n\r\nuser=a&password=*******&go=1")
}
