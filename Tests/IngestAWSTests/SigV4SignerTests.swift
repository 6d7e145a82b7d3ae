import Foundation
import IngestAWS
import Testing

/// The AWS SigV4 test-suite vectors and the project's SQS/SSM vectors of `aws-wire.md` §4.
@Suite("SigV4 signer vectors")
struct SigV4SignerTests {
    static let suiteCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    /// 2015-08-30T12:36:00Z
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)
    static let host = ("Host", "example.amazonaws.com")
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFq"
        + "wAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wU"
        + "E8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo"
        + "0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSI"
        + "lTJabIQwj2ICCR/oLxBA=="

    func signer(sessionToken: String? = nil, service: String = "service") -> SigV4Signer {
        var credentials = Self.suiteCredentials
        credentials.sessionToken = sessionToken
        return SigV4Signer(credentials: credentials, region: "us-east-1", service: service)
    }

    /// The last line of a string to sign: the hex SHA-256 of the canonical request.
    func hashLine(_ signature: SigV4Signer.Signature) -> Substring? {
        signature.stringToSign.split(separator: "\n").last
    }

    @Test func amzDateAndSigningKey() {
        #expect(SigV4Signer.amzDate(Self.suiteDate) == "20150830T123600Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(
            signer().signingKeyHex(day: "20150830")
                == "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75"
        )
    }

    @Test func v1GetVanilla() {
        let signed = signer().sign(method: "GET", path: "/", headers: [Self.host], body: Data(), date: Self.suiteDate)
        #expect(
            signed.canonicalRequest == """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                \(Self.emptyHash)
                """
        )
        #expect(
            signed.stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
                """
        )
        #expect(signed.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
        #expect(signed.headers.contains { $0.0 == "X-Amz-Date" && $0.1 == "20150830T123600Z" })
        #expect(signed.headers.contains { $0.0 == "Authorization" && $0.1 == signed.authorization })
    }

    @Test func v2QueryOrderKeyCase() {
        let signed = signer().sign(
            method: "GET",
            path: "/",
            query: "Param2=value2&Param1=value1",
            headers: [Self.host],
            body: Data(),
            date: Self.suiteDate
        )
        #expect(
            signed.canonicalRequest
                == "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\n\(Self.emptyHash)"
        )
        #expect(hashLine(signed) == "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0")
        #expect(signed.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func v3PostVanilla() {
        let signed = signer().sign(method: "POST", path: "/", headers: [Self.host], body: Data(), date: Self.suiteDate)
        #expect(hashLine(signed) == "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87")
        #expect(signed.signature == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func v4PostFormURLEncoded2015Suite() {
        let signed = signer().sign(
            method: "POST",
            path: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), Self.host],
            body: Data("Param1=value1".utf8),
            date: Self.suiteDate
        )
        #expect(
            signed.canonicalRequest == """
                POST
                /

                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                """
        )
        #expect(hashLine(signed) == "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281")
        #expect(signed.signature == "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        )
    }

    @Test func v5PostFormURLEncodedSigningContentLengthAndPayloadHash() {
        let signed = signer().sign(
            method: "POST",
            path: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), Self.host, ("Content-Length", "13")],
            body: Data("Param1=value1".utf8),
            date: Self.suiteDate,
            includeContentSHA256: true
        )
        #expect(
            signed.canonicalRequest == """
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-content-sha256;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                """
        )
        #expect(hashLine(signed) == "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb")
        #expect(signed.signature == "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b")
    }

    @Test func v6GetVanillaWithSessionToken() {
        let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        let signed = signer(sessionToken: token).sign(
            method: "GET",
            path: "/",
            headers: [Self.host],
            body: Data(),
            date: Self.suiteDate
        )
        #expect(
            signed.canonicalRequest
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-security-token:\(token)\n\n"
                + "host;x-amz-date;x-amz-security-token\n\(Self.emptyHash)"
        )
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(hashLine(signed) == "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b")
        #expect(signed.signature == "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")
        #expect(signed.headers.contains { $0.0 == "X-Amz-Security-Token" && $0.1 == token })
    }

    @Test func v7PostSTSHeaderBefore() {
        let signed = signer(sessionToken: Self.stsToken).sign(
            method: "POST",
            path: "/",
            headers: [Self.host],
            body: Data(),
            date: Self.suiteDate
        )
        #expect(hashLine(signed) == "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6")
        #expect(signed.signature == "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
    }

    static let sqsBody = Data(
        #"{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders","MessageBody":"hello"}"#.utf8
    )

    func signJSON(
        service: String,
        target: String,
        version: String,
        body: Data,
        token: String? = nil
    )
        -> SigV4Signer.Signature
    {
        signer(sessionToken: token, service: service).sign(
            method: "POST",
            url: URL(string: "https://\(service).us-east-1.amazonaws.com/")!,
            headers: [("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", target)],
            body: body,
            date: Self.suiteDate
        )
    }

    @Test func p1SQSSendMessage() {
        let signed = signJSON(service: "sqs", target: "AmazonSQS.SendMessage", version: "1.0", body: Self.sqsBody)
        #expect(signed.signedHeaders == "content-type;host;x-amz-date;x-amz-target")
        #expect(
            signed.canonicalRequest.hasSuffix("3af9b0f7a11f2e22e433ddc4f79ce026957ff2e743bf484bb4b9d29e6adc9b87")
        )
        #expect(hashLine(signed) == "73b21b7e57d01cb4e73104039192af8fe193b01b116505987a761f5cbe5c0d97")
        #expect(signed.signature == "e3304f814d032ddf2d4032231d3ee50fa08199670377597a6d4ac7633f663959")
        #expect(signed.headers.contains { $0.0 == "Host" && $0.1 == "sqs.us-east-1.amazonaws.com" })
    }

    @Test func p2SQSSendMessageWithSessionToken() {
        let signed = signJSON(
            service: "sqs",
            target: "AmazonSQS.SendMessage",
            version: "1.0",
            body: Self.sqsBody,
            token: "SESSIONTOKEN"
        )
        #expect(signed.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        #expect(signed.signature == "f980b87c66db3f4325a42f65c395a6be7d6bbc56f09577f64501e2633d1e4e1b")
    }

    @Test func p3SSMGetParameter() {
        let signed = signJSON(
            service: "ssm",
            target: "AmazonSSM.GetParameter",
            version: "1.1",
            body: Data(#"{"Name":"/app/db/password","WithDecryption":true}"#.utf8)
        )
        #expect(
            signed.canonicalRequest.hasSuffix("84b69437911628ca62ccca8ee12cd03a3f5d75ba7d8b0efcdd1a63ae8ad00723")
        )
        #expect(signed.signature == "d0d5c592070ee6bba40e95b77c8b1fc72829ead8e899fcd4b8939328f2f8c948")
    }

    @Test func hostHeaderKeepsANonDefaultPort() {
        #expect(SigV4Signer.hostHeader(for: URL(string: "http://127.0.0.1:5055/")!) == "127.0.0.1:5055")
        #expect(
            SigV4Signer.hostHeader(for: URL(string: "https://sqs.us-east-1.amazonaws.com:443/")!)
                == "sqs.us-east-1.amazonaws.com"
        )
        #expect(SigV4Signer.hostHeader(for: URL(string: "http://localhost/")!) == "localhost")
    }

    @Test func userAgentIsNotSignedAndValuesAreNormalised() {
        let signed = signer().sign(
            method: "POST",
            path: "/",
            headers: [Self.host, ("User-Agent", "ingest/1.0"), ("X-Amz-Target", "  AmazonSQS.SendMessage   x ")],
            body: Data(),
            date: Self.suiteDate
        )
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-target")
        #expect(signed.canonicalRequest.contains("\nx-amz-target:AmazonSQS.SendMessage x\n"))
    }

    @Test func canonicalQueryEncodesAndSorts() {
        let signed = signer().sign(
            method: "GET",
            path: "/a b/c",
            query: "b=2&a=x%20y&a=%2F&empty",
            headers: [Self.host],
            body: Data(),
            date: Self.suiteDate
        )
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/a%20b/c")
        #expect(lines[2] == "a=%2F&a=x%20y&b=2&empty=")
    }

    @Test func descriptionsHideSecrets() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "TOKEN-VALUE"
        )
        for text in ["\(credentials)", String(reflecting: credentials), dumped(credentials)] {
            #expect(!text.contains("wJalr"))
            #expect(!text.contains("TOKEN-VALUE"))
            #expect(!text.contains("AKIDEXAMPLE"))
        }
        let signed = signer(sessionToken: "TOKEN-VALUE").sign(
            method: "GET",
            path: "/",
            headers: [Self.host],
            body: Data(),
            date: Self.suiteDate
        )
        #expect(!"\(signed)".contains("TOKEN-VALUE"))
    }

    func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
