/// One frame of the sidecar protocol, decoded; `docs/sidecar-protocol.md` gives each payload.
public enum SidecarMessage: Equatable, Sendable {
    case hello(Hello)
    case welcome(Welcome)
    case reject(Reject)
    case transitions(TransitionBatch)
    case ack(appliedSequence: UInt64, durableSequence: UInt64)
    case weights(version: UInt64, safetensors: [UInt8])
    case exploration(safetensors: [UInt8])
    case heartbeat(sentNanoseconds: UInt64, echoNanoseconds: UInt64)
    case episode(EpisodeReport)
    case error(message: String)
    case bye(reason: String)

    /// The frame type this message travels as.
    public var type: SidecarMessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .reject: .reject
        case .transitions: .transitions
        case .ack: .ack
        case .weights: .weights
        case .exploration: .exploration
        case .heartbeat: .heartbeat
        case .episode: .episode
        case .error: .error
        case .bye: .bye
        }
    }

    /// An actor's opening message.
    public struct Hello: Equatable, Sendable {
        /// SHA-256 of `spec`'s bytes.
        public var specHash: [UInt8]
        /// The canonical spec text (`SidecarSpec.text`).
        public var spec: String
        /// 16 bytes an actor draws once per process and keeps across reconnects.
        public var actorID: [UInt8]
        /// For people: `so101@lab-pc`, `ray-7`.
        public var actorName: String
        /// The newest weights version the actor holds (0: none).
        public var weightsVersion: UInt64

        /// Creates a HELLO.
        public init(specHash: [UInt8], spec: String, actorID: [UInt8], actorName: String, weightsVersion: UInt64) {
            self.specHash = specHash
            self.spec = spec
            self.actorID = actorID
            self.actorName = actorName
            self.weightsVersion = weightsVersion
        }
    }

    /// The learner's acceptance of a HELLO.
    public struct Welcome: Equatable, Sendable {
        /// Every batch up to this one is in the learner's last checkpoint.
        public var durableSequence: UInt64
        /// Every batch up to this one is in the learner's replay buffer: resend from the next.
        public var appliedSequence: UInt64
        /// The newest weights version the learner holds (0: none yet).
        public var weightsVersion: UInt64
        /// Each side sends a frame at least this often.
        public var heartbeatMilliseconds: UInt32
        /// A side without a whole frame from its peer for this long takes it for dead.
        public var timeoutMilliseconds: UInt32
        /// The most transitions one TRANSITIONS frame may carry.
        public var maxBatch: UInt32
        /// The most batches an actor may have sent and not yet seen applied.
        public var window: UInt32
        /// For people.
        public var learnerName: String

        /// Creates a WELCOME.
        public init(durableSequence: UInt64, appliedSequence: UInt64, weightsVersion: UInt64,
                    heartbeatMilliseconds: UInt32, timeoutMilliseconds: UInt32, maxBatch: UInt32, window: UInt32,
                    learnerName: String) {
            self.durableSequence = durableSequence
            self.appliedSequence = appliedSequence
            self.weightsVersion = weightsVersion
            self.heartbeatMilliseconds = heartbeatMilliseconds
            self.timeoutMilliseconds = timeoutMilliseconds
            self.maxBatch = maxBatch
            self.window = window
            self.learnerName = learnerName
        }
    }

    /// The learner's refusal of a HELLO whose spec differs from its own.
    public struct Reject: Equatable, Sendable {
        /// The first spec key that differs.
        public var field: String
        /// The learner's value.
        public var expected: String
        /// The actor's value.
        public var received: String
        /// For people.
        public var message: String

        /// Creates a REJECT.
        public init(field: String, expected: String, received: String, message: String) {
            self.field = field
            self.expected = expected
            self.received = received
            self.message = message
        }
    }

    /// A finished episode: its number, the weights that ran it, and named values.
    public struct EpisodeReport: Equatable, Sendable {
        /// The actor's episode counter.
        public var episode: UInt64
        /// The weights version that ran it.
        public var weightsVersion: UInt64
        /// `return`, `length`, `is_success`, … in order.
        public var values: [(key: String, value: Double)]

        /// Creates a report.
        public init(episode: UInt64, weightsVersion: UInt64, values: [(key: String, value: Double)]) {
            self.episode = episode
            self.weightsVersion = weightsVersion
            self.values = values
        }

        /// The value of `key`, if reported.
        public subscript(key: String) -> Double? { values.first { $0.key == key }?.value }

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.episode == rhs.episode && lhs.weightsVersion == rhs.weightsVersion
                && lhs.values.count == rhs.values.count
                && zip(lhs.values, rhs.values).allSatisfy { $0.key == $1.key && $0.value.bitPattern == $1.value.bitPattern }
        }
    }
}
