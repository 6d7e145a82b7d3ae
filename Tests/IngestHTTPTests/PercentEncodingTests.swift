import Foundation
import IngestHTTP
import Testing

/// Ids and cursors go into paths and query strings percent-encoded: every byte but RFC 3986's
/// unreserved characters, exactly as Foundation's `addingPercentEncoding` does with letters, digits
/// and `-._~` allowed (which the client used before encoding on the bytes).
@Suite("REST client: percent-encoding")
struct PercentEncodingTests {
    static func foundation(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    @Test func examples() {
        #expect(RESTClient.percentEncoded("215472961587310") == "215472961587310")
        #expect(RESTClient.percentEncoded("WzE3MDAwMDAwMDAsMTIzXQ==") == "WzE3MDAwMDAwMDAsMTIzXQ%3D%3D")
        #expect(RESTClient.percentEncoded("a b/c?d=e&f+g") == "a%20b%2Fc%3Fd%3De%26f%2Bg")
        #expect(RESTClient.percentEncoded("é注😀") == "%C3%A9%E6%B3%A8%F0%9F%98%80")
        #expect(RESTClient.percentEncoded("") == "")
    }

    @Test func everyASCIICharacterAndNonASCIIAsFoundationEncodesThem() {
        let ascii = String(decoding: (1...0x7F).map { UInt8($0) }, as: UTF8.self)
        #expect(RESTClient.percentEncoded(ascii) == Self.foundation(ascii))
        // Latin-1 letters (alphanumeric to Foundation) are encoded too: encoding works on UTF-8 bytes.
        let samples = [
            "ªµºÀÿ", "Привет", "مرحبا\u{200F}", "注文番号", "👩🏽‍💻", "\u{200B}\u{FEFF}", "x~y_z.w-v", "%41",
        ]
        for sample in samples {
            #expect(RESTClient.percentEncoded(sample) == Self.foundation(sample), "\(sample)")
        }
        var generator = SplitMix(state: 12)
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0...24, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 1...0x1FFFF, using: &generator))
            }
            let value = String(String.UnicodeScalarView(scalars))
            #expect(RESTClient.percentEncoded(value) == Self.foundation(value), "\(value.unicodeScalars.map(\.value))")
        }
    }
}

/// A seeded generator, so that a failure repeats.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
