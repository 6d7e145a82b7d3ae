public import Foundation

extension AWSConfiguration {
    /// Reads the configuration the way the AWS SDKs do.
    ///
    /// - Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); when
    ///   both key variables are absent, the profile `AWS_PROFILE` (default `default`) of
    ///   `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), then of the config file.
    /// - Region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else `region` in the profile's section of
    ///   `AWS_CONFIG_FILE` (default `~/.aws/config`), else `defaultRegion` (e.g. the region named by
    ///   an SQS queue URL).
    /// - Endpoints: `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` (`_SQS`, `_SSM`).
    ///
    /// Throws ``AWSError`` (`NoCredentials`, `InvalidProfile`, `NoRegion`, `InvalidEndpoint`) with a
    /// message naming what is missing and where it was looked for.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultRegion: String? = nil
    ) throws {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                return nil
            }
            return raw
        }
        let home = value("HOME") ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        }
        let profileName = value("AWS_PROFILE") ?? "default"
        let credentialsPath = expand(value("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
        let configPath = expand(value("AWS_CONFIG_FILE") ?? "~/.aws/config")
        let configFile = try AWSProfileFile.load(path: configPath)
        let configSection = configFile?.section(profile: profileName, isConfigFile: true)

        // Credentials.
        let credentials: AWSCredentials
        let source: String
        switch (value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY")) {
        case (let keyID?, let secret?):
            credentials = AWSCredentials(
                accessKeyID: keyID,
                secretAccessKey: secret,
                sessionToken: value("AWS_SESSION_TOKEN")
            )
            source = "the environment (AWS_ACCESS_KEY_ID)"
        case (.some, nil), (nil, .some):
            let (set, unset) =
                value("AWS_ACCESS_KEY_ID") == nil
                ? ("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID") : ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
            throw AWSError(
                code: "NoCredentials",
                message: "incomplete AWS credentials: \(set) is set but \(unset) is not; set both, "
                    + "or unset both to use a profile in ~/.aws/credentials (AWS_PROFILE=\(profileName))"
            )
        case (nil, nil):
            let credentialsFile = try AWSProfileFile.load(path: credentialsPath)
            let candidates: [(section: [String: String]?, path: String)] = [
                (credentialsFile?.section(profile: profileName, isConfigFile: false), credentialsPath),
                (configSection, configPath),
            ]
            guard
                let found = candidates.first(where: {
                    $0.section?["aws_access_key_id"] != nil || $0.section?["aws_secret_access_key"] != nil
                }),
                let section = found.section
            else {
                let lookedIn =
                    credentialsFile == nil ? "\(credentialsPath) does not exist" : "looked in \(credentialsPath)"
                throw AWSError(
                    code: "NoCredentials",
                    message: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in "
                        + "~/.aws/credentials (AWS_PROFILE=\(profileName); \(lookedIn))"
                )
            }
            for key in ["aws_access_key_id", "aws_secret_access_key"] where (section[key] ?? "").isEmpty {
                throw AWSError(
                    code: "InvalidProfile",
                    message: "profile \(profileName) in \(found.path) has no \(key): add it, "
                        + "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                )
            }
            credentials = AWSCredentials(
                accessKeyID: section["aws_access_key_id"]!,
                secretAccessKey: section["aws_secret_access_key"]!,
                sessionToken: section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            )
            source = "profile \(profileName) in \(found.path)"
        }

        // Region.
        guard
            let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION")
                ?? configSection?["region"].flatMap({ $0.isEmpty ? nil : $0 }) ?? defaultRegion
        else {
            let header = profileName == "default" ? "[default]" : "[profile \(profileName)]"
            throw AWSError(
                code: "NoRegion",
                message: "no AWS region: set AWS_REGION (e.g. AWS_REGION=us-east-1), or region in the \(header) "
                    + "section of \(configPath)"
            )
        }

        // Endpoints.
        var serviceEndpoints: [String: String] = [:]
        let prefix = "AWS_ENDPOINT_URL_"
        for name in environment.keys where name.hasPrefix(prefix) {
            guard let url = value(name) else { continue }
            serviceEndpoints[name.dropFirst(prefix.count).lowercased()] = try Self.validatedEndpoint(
                url,
                variable: name
            )
        }
        let endpoint = try value("AWS_ENDPOINT_URL").map {
            try Self.validatedEndpoint($0, variable: "AWS_ENDPOINT_URL")
        }

        self.init(
            region: region,
            credentials: credentials,
            credentialsSource: source,
            endpointURL: endpoint,
            serviceEndpointURLs: serviceEndpoints
        )
    }

    static func validatedEndpoint(_ url: String, variable: String) throws -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host(percentEncoded: false)?.isEmpty == false
        else {
            throw AWSError(
                code: "InvalidEndpoint",
                message: "\(variable) is not an http(s) URL: use e.g. \(variable)=http://127.0.0.1:4566"
            )
        }
        return url
    }
}
