/// Errors the world causes in `Neural`: bad checkpoint files. Each names the file, and the
/// tensor when one is at fault.
public enum NeuralError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// The file ends before the header or a tensor's data does.
    case truncated(path: String, tensor: String?, reason: String)
    /// The header is not a valid safetensors header, or a tensor entry is inconsistent.
    case malformed(path: String, tensor: String?, reason: String)
    /// A tensor is stored in a dtype other than F32.
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// A tensor the network needs is not in the file.
    case missingTensor(path: String, tensor: String)
    /// A tensor in the file has a different shape from the one the network has.
    case shapeMismatch(path: String, tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read checkpoint: \(reason)"
        case .truncated(let path, let tensor, let reason):
            return "\(path): truncated\(Self.naming(tensor)): \(reason)"
        case .malformed(let path, let tensor, let reason):
            return "\(path): malformed safetensors\(Self.naming(tensor)): \(reason)"
        case .unsupportedDType(let path, let tensor, let dtype):
            return "\(path): tensor '\(tensor)' has dtype \(dtype); only F32 is supported"
        case .missingTensor(let path, let tensor):
            return "\(path): tensor '\(tensor)' is missing"
        case .shapeMismatch(let path, let tensor, let expected, let found):
            return "\(path): tensor '\(tensor)' has shape \(found) but the network expects \(expected)"
        }
    }

    private static func naming(_ tensor: String?) -> String {
        tensor.map { " at tensor '\($0)'" } ?? ""
    }
}
