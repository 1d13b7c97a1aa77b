/// How observations are normalized before the actor sees them, as stored in a checkpoint.
///
/// Training currently feeds raw observations (SB3's default without `VecNormalize`), so the
/// only kind written is `none`; the field is in the format so a normalizing run can record its
/// statistics without changing readers' layout.
public struct ObservationNormalization: Codable, Equatable, Sendable {
    /// `none`.
    public var kind: String
    /// Per-component mean subtracted (empty for `none`).
    public var mean: [Float]
    /// Per-component standard deviation divided by (empty for `none`).
    public var standardDeviation: [Float]

    /// No normalization.
    public static let none = ObservationNormalization(kind: "none", mean: [], standardDeviation: [])

    enum CodingKeys: String, CodingKey {
        case kind, mean
        case standardDeviation = "std"
    }
}
