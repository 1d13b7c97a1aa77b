import Foundation

extension MLP {
    /// The parameters as safetensors tensors named `prefix + name` (e.g. `actor.0.weight`).
    public func tensors(prefix: String = "") -> [SafetensorsFile.Tensor] {
        parameters.map { SafetensorsFile.Tensor(name: prefix + $0.name, shape: $0.shape, values: $0.value.values) }
    }

    /// Writes the parameters to a safetensors file atomically.
    /// - Throws: `SteadyFileError.writeFailed` naming the file.
    public func save(to url: URL, prefix: String = "", metadata: [String: String] = [:]) throws {
        try SafetensorsFile(tensors: tensors(prefix: prefix), metadata: metadata).write(to: url)
    }

    /// Loads every parameter from the tensors named `prefix + name` in `file`.
    ///
    /// All tensors are checked before any is copied, so a failed load leaves the network as it
    /// was. Tensors in the file that the network does not have are ignored (a checkpoint holds
    /// several networks under different prefixes).
    /// - Throws: `NeuralError.missingTensor` or `.shapeMismatch`, naming the file, the tensor
    ///   and both shapes.
    public func load(from file: SafetensorsFile, prefix: String = "") throws {
        var sources: [SafetensorsFile.Tensor] = []
        for parameter in parameters {
            let name = prefix + parameter.name
            guard let tensor = file[name] else {
                throw NeuralError.missingTensor(path: file.path, tensor: name)
            }
            guard tensor.shape == parameter.shape else {
                throw NeuralError.shapeMismatch(path: file.path, tensor: name,
                                                expected: parameter.shape, found: tensor.shape)
            }
            sources.append(tensor)
        }
        for (parameter, tensor) in zip(parameters, sources) {
            tensor.values.withUnsafeBufferPointer { source in
                parameter.value.baseAddress.update(from: source.baseAddress!, count: parameter.count)
            }
        }
    }

    /// Reads the safetensors file at `url` and loads the parameters named `prefix + name`.
    /// - Throws: `NeuralError` naming the file and, where one is at fault, the tensor.
    public func load(from url: URL, prefix: String = "") throws {
        try load(from: SafetensorsFile(contentsOf: url), prefix: prefix)
    }
}
