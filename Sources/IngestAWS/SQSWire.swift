/// The SQS AWS JSON 1.0 requests and answers this module uses, field for field (see
/// `aws-wire.md` §2). Absent arrays in answers decode as empty; attribute maps are strings.
enum SQSWire {
    struct SendMessage: Encodable {
        var queueURL: String
        var messageBody: String
        var messageAttributes: [String: MessageAttribute]?
        var delaySeconds: Int?

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case messageBody = "MessageBody"
            case messageAttributes = "MessageAttributes"
            case delaySeconds = "DelaySeconds"
        }
    }

    struct MessageAttribute: Codable, Sendable {
        var dataType: String
        var stringValue: String?

        enum CodingKeys: String, CodingKey {
            case dataType = "DataType"
            case stringValue = "StringValue"
        }
    }

    struct SendMessageResult: Decodable, Sendable {
        var messageID: String

        enum CodingKeys: String, CodingKey {
            case messageID = "MessageId"
        }
    }

    struct SendMessageBatch: Encodable {
        var queueURL: String
        var entries: [Entry]

        struct Entry: Encodable {
            var id: String
            var messageBody: String

            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case messageBody = "MessageBody"
            }
        }

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case entries = "Entries"
        }
    }

    /// The answer of every `…Batch` call: HTTP 200 even when entries failed.
    struct BatchResult: Decodable, Sendable {
        var successful: [Success]
        var failed: [Failure]

        struct Success: Decodable, Sendable {
            var id: String
            var messageID: String?

            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case messageID = "MessageId"
            }
        }

        struct Failure: Decodable, Sendable {
            var id: String
            var code: String
            var message: String?
            var senderFault: Bool

            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case code = "Code"
                case message = "Message"
                case senderFault = "SenderFault"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try container.decode(String.self, forKey: .id)
                code = try container.decodeIfPresent(String.self, forKey: .code) ?? "UnknownError"
                message = try container.decodeIfPresent(String.self, forKey: .message)
                // moto sends the string "true"; the API model says boolean.
                if let flag = try? container.decodeIfPresent(Bool.self, forKey: .senderFault) {
                    senderFault = flag
                } else {
                    senderFault = (try? container.decodeIfPresent(String.self, forKey: .senderFault)) == "true"
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case successful = "Successful"
            case failed = "Failed"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            successful = try container.decodeIfPresent([Success].self, forKey: .successful) ?? []
            failed = try container.decodeIfPresent([Failure].self, forKey: .failed) ?? []
        }
    }

    struct ReceiveMessage: Encodable {
        var queueURL: String
        var maxNumberOfMessages: Int
        var waitTimeSeconds: Int
        var visibilityTimeout: Int
        var messageSystemAttributeNames: [String]
        /// The legacy name of `MessageSystemAttributeNames`, still honoured; older emulators know only it.
        var attributeNames: [String]
        var messageAttributeNames: [String]?

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case maxNumberOfMessages = "MaxNumberOfMessages"
            case waitTimeSeconds = "WaitTimeSeconds"
            case visibilityTimeout = "VisibilityTimeout"
            case messageSystemAttributeNames = "MessageSystemAttributeNames"
            case attributeNames = "AttributeNames"
            case messageAttributeNames = "MessageAttributeNames"
        }
    }

    struct ReceiveMessageResult: Decodable, Sendable {
        var messages: [Message]

        struct Message: Decodable, Sendable {
            var messageID: String
            var receiptHandle: String
            var body: String
            var attributes: [String: String]
            var messageAttributes: [String: MessageAttribute]

            enum CodingKeys: String, CodingKey {
                case messageID = "MessageId"
                case receiptHandle = "ReceiptHandle"
                case body = "Body"
                case attributes = "Attributes"
                case messageAttributes = "MessageAttributes"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                messageID = try container.decode(String.self, forKey: .messageID)
                receiptHandle = try container.decode(String.self, forKey: .receiptHandle)
                body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
                attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
                messageAttributes =
                    try container.decodeIfPresent([String: MessageAttribute].self, forKey: .messageAttributes) ?? [:]
            }
        }

        enum CodingKeys: String, CodingKey {
            case messages = "Messages"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messages = try container.decodeIfPresent([Message].self, forKey: .messages) ?? []
        }
    }

    struct DeleteMessage: Encodable {
        var queueURL: String
        var receiptHandle: String

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case receiptHandle = "ReceiptHandle"
        }
    }

    struct ChangeMessageVisibility: Encodable {
        var queueURL: String
        var receiptHandle: String
        var visibilityTimeout: Int

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case receiptHandle = "ReceiptHandle"
            case visibilityTimeout = "VisibilityTimeout"
        }
    }

    struct ChangeMessageVisibilityBatch: Encodable {
        var queueURL: String
        var entries: [Entry]

        struct Entry: Encodable {
            var id: String
            var receiptHandle: String
            var visibilityTimeout: Int

            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case receiptHandle = "ReceiptHandle"
                case visibilityTimeout = "VisibilityTimeout"
            }
        }

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case entries = "Entries"
        }
    }

    struct GetQueueAttributes: Encodable {
        var queueURL: String
        var attributeNames: [String]

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
            case attributeNames = "AttributeNames"
        }
    }

    struct GetQueueAttributesResult: Decodable, Sendable {
        var attributes: [String: String]

        enum CodingKeys: String, CodingKey {
            case attributes = "Attributes"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        }
    }

    struct GetQueueURL: Encodable {
        var queueName: String
        var queueOwnerAWSAccountID: String?

        enum CodingKeys: String, CodingKey {
            case queueName = "QueueName"
            case queueOwnerAWSAccountID = "QueueOwnerAWSAccountId"
        }
    }

    struct GetQueueURLResult: Decodable, Sendable {
        var queueURL: String

        enum CodingKeys: String, CodingKey {
            case queueURL = "QueueUrl"
        }
    }

    /// The `RedrivePolicy` queue attribute: JSON inside a string; `maxReceiveCount` may be a
    /// number or a string.
    struct RedrivePolicy: Decodable, Sendable, Hashable {
        var deadLetterTargetARN: String
        var maxReceiveCount: Int

        enum CodingKeys: String, CodingKey {
            case deadLetterTargetARN = "deadLetterTargetArn"
            case maxReceiveCount
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            deadLetterTargetARN = try container.decode(String.self, forKey: .deadLetterTargetARN)
            if let number = try? container.decode(Int.self, forKey: .maxReceiveCount) {
                maxReceiveCount = number
            } else if let text = try? container.decode(String.self, forKey: .maxReceiveCount), let number = Int(text) {
                maxReceiveCount = number
            } else {
                maxReceiveCount = 10
            }
        }
    }
}
