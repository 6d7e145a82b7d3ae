import Foundation

/// An AWS shared config or credentials file: INI sections of `key = value` lines.
///
/// In the credentials file a profile's section is `[name]`; in the config file it is `[default]`
/// or `[profile name]`. Keys are lower-cased; `#` and `;` start comments; indented lines (nested
/// settings such as `s3 =` blocks) are skipped.
struct AWSProfileFile {
    var sections: [String: [String: String]]

    init(text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let first = rawLine.first, first == " " || first == "\t" { continue }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let end = line.firstIndex(of: "]") else {
                    current = nil
                    continue
                }
                let name = line[line.index(after: line.startIndex)..<end]
                    .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = String(line[line.index(after: equals)...])
            for marker in [" #", "\t#", " ;", "\t;"] {
                if let comment = value.range(of: marker) { value = String(value[..<comment.lowerBound]) }
            }
            sections[section, default: [:]][key] = value.trimmingCharacters(in: .whitespaces)
        }
        self.sections = sections
    }

    /// The file at `path`, or nil when there is none. An unreadable file is an error.
    static func load(path: String) throws -> AWSProfileFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSError(code: "InvalidProfile", message: "cannot read \(path): check its permissions")
        }
        return AWSProfileFile(text: String(decoding: data, as: UTF8.self))
    }

    /// The settings of `profile`.
    func section(profile: String, isConfigFile: Bool) -> [String: String]? {
        if isConfigFile {
            if profile == "default" { return sections["default"] ?? sections["profile default"] }
            return sections["profile \(profile)"] ?? sections[profile]
        }
        return sections[profile]
    }
}
