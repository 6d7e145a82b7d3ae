/// The SSM Parameter Store AWS JSON 1.1 requests and answers this module uses (see
/// `aws-wire.md` §3).
enum SSMWire {
    struct GetParameter: Encodable {
        var name: String
        var withDecryption: Bool

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case withDecryption = "WithDecryption"
        }
    }

    struct GetParameterResult: Decodable, Sendable {
        var parameter: Parameter

        struct Parameter: Decodable, Sendable {
            var name: String?
            var type: String?
            var value: String
            var version: Int?

            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case type = "Type"
                case value = "Value"
                case version = "Version"
            }
        }

        enum CodingKeys: String, CodingKey {
            case parameter = "Parameter"
        }
    }
}
