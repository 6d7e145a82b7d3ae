import Foundation
import IngestAWS
import Testing

@Suite("AWS configuration from the environment")
struct AWSConfigurationTests {
    /// A temporary home directory with `.aws/credentials` and `.aws/config`.
    final class Home {
        let path: String

        init(credentials: String? = nil, config: String? = nil) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-aws-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            if let credentials { try write(credentials, to: ".aws/credentials") }
            if let config { try write(config, to: ".aws/config") }
        }

        func write(_ text: String, to relativePath: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(path)/\(relativePath)"))
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret

        [work]
        aws_access_key_id=AKIDWORK
        aws_secret_access_key=work-secret ; trailing comment
        aws_session_token = work-token

        [broken]
        aws_access_key_id = AKIDBROKEN
        """

    static let configFile = """
        [default]
        region = eu-west-1

        [profile work]
        region = ap-southeast-2
        s3 =
          max_concurrent_requests = 20
        """

    @Test func environmentKeysWin() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let configuration = try AWSConfiguration(environment: [
            "HOME": home.path,
            "AWS_ACCESS_KEY_ID": "AKIDENV",
            "AWS_SECRET_ACCESS_KEY": "env-secret",
            "AWS_SESSION_TOKEN": "env-token",
            "AWS_REGION": "us-west-2",
            "AWS_DEFAULT_REGION": "us-east-2",
        ])
        #expect(
            configuration.credentials
                == AWSCredentials(
                    accessKeyID: "AKIDENV",
                    secretAccessKey: "env-secret",
                    sessionToken: "env-token"
                )
        )
        #expect(configuration.region == "us-west-2")
        #expect(configuration.credentialsSource.contains("AWS_ACCESS_KEY_ID"))
        #expect(configuration.endpoint(for: .sqs) == "https://sqs.us-west-2.amazonaws.com")
        #expect(configuration.endpoint(for: .ssm) == "https://ssm.us-west-2.amazonaws.com")
    }

    @Test func defaultRegionVariableThenConfigFileThenFallback() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = ["HOME": home.path, "AWS_DEFAULT_REGION": "us-east-2"]
        #expect(try AWSConfiguration(environment: environment).region == "us-east-2")
        environment["AWS_DEFAULT_REGION"] = nil
        #expect(try AWSConfiguration(environment: environment).region == "eu-west-1")
        environment["AWS_PROFILE"] = "work"
        #expect(try AWSConfiguration(environment: environment).region == "ap-southeast-2")

        let bare = try Home(credentials: Self.credentialsFile)
        #expect(
            try AWSConfiguration(environment: ["HOME": bare.path], defaultRegion: "sa-east-1").region == "sa-east-1"
        )
        let error = try #require(throws: AWSError.self) { try AWSConfiguration(environment: ["HOME": bare.path]) }
        #expect(error.code == "NoRegion")
        #expect(error.message.contains("AWS_REGION"))
    }

    @Test func sharedCredentialsFileWithProfiles() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let plain = try AWSConfiguration(environment: ["HOME": home.path])
        #expect(plain.credentials == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "default-secret"))
        #expect(plain.credentialsSource == "profile default in \(home.path)/.aws/credentials")

        let work = try AWSConfiguration(environment: ["HOME": home.path, "AWS_PROFILE": "work"])
        #expect(
            work.credentials
                == AWSCredentials(
                    accessKeyID: "AKIDWORK",
                    secretAccessKey: "work-secret",
                    sessionToken: "work-token"
                )
        )
    }

    @Test func sharedCredentialsFileVariableOverridesTheDefaultPath() throws {
        let home = try Home(credentials: Self.credentialsFile)
        try home.write("[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other-secret\n", to: "other")
        let configuration = try AWSConfiguration(environment: [
            "HOME": home.path,
            "AWS_SHARED_CREDENTIALS_FILE": "\(home.path)/other",
            "AWS_REGION": "us-east-1",
        ])
        #expect(configuration.credentials.accessKeyID == "AKIDOTHER")
    }

    @Test func missingCredentialsSayWhatToSet() throws {
        let home = try Home()
        let error = try #require(throws: AWSError.self) {
            try AWSConfiguration(environment: ["HOME": home.path, "AWS_REGION": "us-east-1", "AWS_PROFILE": "ghost"])
        }
        #expect(error.code == "NoCredentials")
        #expect(error.message.contains("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
        #expect(error.message.contains("AWS_PROFILE=ghost"))
    }

    @Test func halfSetKeysAndIncompleteProfilesAreErrors() throws {
        let home = try Home(credentials: Self.credentialsFile)
        let half = try #require(throws: AWSError.self) {
            try AWSConfiguration(environment: ["HOME": home.path, "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "A"])
        }
        #expect(half.message.contains("AWS_SECRET_ACCESS_KEY is not"))
        let broken = try #require(throws: AWSError.self) {
            try AWSConfiguration(environment: ["HOME": home.path, "AWS_REGION": "us-east-1", "AWS_PROFILE": "broken"])
        }
        #expect(broken.code == "InvalidProfile")
        #expect(broken.message.contains("aws_secret_access_key"))
        #expect(!broken.message.contains("AKIDBROKEN"))
    }

    @Test func endpointPrecedence() throws {
        let home = try Home()
        var environment = [
            "HOME": home.path, "AWS_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S",
        ]
        #expect(
            try AWSConfiguration(environment: environment).endpoint(for: .sqs)
                == "https://sqs.eu-central-1.amazonaws.com"
        )
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566/"
        var configuration = try AWSConfiguration(environment: environment)
        #expect(configuration.endpoint(for: .sqs) == "http://127.0.0.1:4566")
        #expect(configuration.endpoint(for: .ssm) == "http://127.0.0.1:4566")
        environment["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:9324"
        configuration = try AWSConfiguration(environment: environment)
        #expect(configuration.endpoint(for: .sqs) == "http://127.0.0.1:9324")
        #expect(configuration.endpoint(for: .ssm) == "http://127.0.0.1:4566")
        environment["AWS_ENDPOINT_URL_SSM"] = "not a url"
        let error = try #require(throws: AWSError.self) { try AWSConfiguration(environment: environment) }
        #expect(error.message.contains("AWS_ENDPOINT_URL_SSM"))
        #expect(
            AWSConfiguration.publicEndpoint(for: .ssm, region: "cn-north-1")
                == "https://ssm.cn-north-1.amazonaws.com.cn"
        )
    }

    @Test func queueURLsNameTheirRegion() {
        #expect(SQSJobQueue.region(inQueueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs") == "eu-west-1")
        #expect(
            SQSJobQueue.region(inQueueURL: "https://ap-south-1.queue.amazonaws.com/123456789012/jobs") == "ap-south-1"
        )
        #expect(SQSJobQueue.region(inQueueURL: "https://queue.amazonaws.com/123456789012/jobs") == "us-east-1")
        #expect(SQSJobQueue.region(inQueueURL: "http://127.0.0.1:4566/123456789012/jobs") == nil)
    }
}
