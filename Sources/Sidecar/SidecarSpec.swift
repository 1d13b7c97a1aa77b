/// What an actor and the learner must agree on, as the canonical text HELLO carries: one
/// `key=value` line per field, keys sorted, each line ending in `\n`, no spaces; and its
/// SHA-256.
public struct SidecarSpec: Equatable, Sendable {
    /// The fields by key.
    public private(set) var fields: [String: String]

    /// A spec of the fields Steady's actors and learner send: `protocol`, `environment`,
    /// `observation_size`, `action_size`, `algorithm` and `actor` (kind:widths:activation, plus
    /// `:layer_norm` and `:gsde` when the actor has them).
    public init(environment: String, observationSize: Int, actionSize: Int, algorithm: String, actor: String) {
        fields = ["protocol": String(SidecarProtocol.version), "environment": environment,
                  "observation_size": String(observationSize), "action_size": String(actionSize),
                  "algorithm": algorithm, "actor": actor]
    }

    /// A spec of any fields. Keys and values must hold no `=`, newline or space.
    public init(fields: [String: String]) {
        for (key, value) in fields {
            precondition(!key.isEmpty && !key.contains(where: { "= \n".contains($0) }) && !value.contains(where: { " \n".contains($0) }),
                         "SidecarSpec: '\(key)=\(value)' is not a spec line")
        }
        self.fields = fields
    }

    /// Parses a spec text; nil unless it is canonical (sorted keys, one `key=value\n` each).
    public init?(text: String) {
        var fields: [String: String] = [:]
        var previous: String?
        guard text.isEmpty || text.hasSuffix("\n") else { return nil }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let equals = line.firstIndex(of: "="), !line.contains(" ") else { return nil }
            let key = String(line[..<equals]), value = String(line[line.index(after: equals)...])
            guard !key.isEmpty, previous.map({ $0 < key }) ?? true else { return nil }
            previous = key
            fields[key] = value
        }
        self.fields = fields
    }

    /// The canonical text.
    public var text: String { fields.keys.sorted().map { "\($0)=\(fields[$0]!)\n" }.joined() }

    /// SHA-256 of `text`'s UTF-8 bytes.
    public var hash: [UInt8] { Self.hash(of: text) }

    /// SHA-256 of a spec text as sent.
    public static func hash(of text: String) -> [UInt8] { SHA256Digest.hash(Array(text.utf8)) }

    /// The value of `key`.
    public subscript(key: String) -> String? { fields[key] }

    /// The first field (in key order) where `received` differs from this spec, as a REJECT;
    /// nil when they agree. A missing field is `(none)`.
    public func firstDifference(from received: SidecarSpec) -> SidecarMessage.Reject? {
        for key in Set(fields.keys).union(received.fields.keys).sorted() where fields[key] != received.fields[key] {
            let expected = fields[key] ?? "(none)", got = received.fields[key] ?? "(none)"
            return .init(field: key, expected: expected, received: got,
                         message: "spec field '\(key)' differs: the learner has \(expected), the actor sent \(got)")
        }
        return nil
    }

    /// Checks a HELLO's spec and hash against this (the learner's) spec: nil when they match,
    /// else the REJECT naming the field (`spec_hash` when the text matches but the hash does
    /// not; `spec` when the text is not canonical).
    public func check(_ hello: SidecarMessage.Hello) -> SidecarMessage.Reject? {
        guard let received = SidecarSpec(text: hello.spec) else {
            return .init(field: "spec", expected: "sorted key=value lines", received: String(hello.spec.prefix(200)),
                         message: "the spec text is not canonical (one key=value line per field, keys sorted, each ending in \\n)")
        }
        if let difference = firstDifference(from: received) { return difference }
        let expected = Self.hash(of: hello.spec)
        guard hello.specHash == expected else {
            return .init(field: "spec_hash", expected: hex(expected), received: hex(hello.specHash),
                         message: "spec_hash is not the SHA-256 of the spec text")
        }
        return nil
    }
}

/// Lower-case hexadecimal.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}
