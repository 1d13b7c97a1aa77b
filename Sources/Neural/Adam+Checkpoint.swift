/// Adam's state as safetensors tensors, so that a resumed learner continues its optimizer.
extension Adam {
    /// `prefix + "m.<i>"`, `prefix + "v.<i>"` per parameter, and `prefix + "step"` ([1], the step count).
    public func stateTensors(prefix: String) -> [SafetensorsFile.Tensor] {
        var tensors: [SafetensorsFile.Tensor] = []
        for (index, parameter) in parameters.enumerated() {
            tensors.append(.init(name: "\(prefix)m.\(index)", shape: parameter.shape, values: firstMoments[index].values))
            tensors.append(.init(name: "\(prefix)v.\(index)", shape: parameter.shape, values: secondMoments[index].values))
        }
        tensors.append(.init(name: prefix + "step", shape: [1], values: [Float(stepCount)]))
        return tensors
    }

    /// Loads the state `stateTensors(prefix:)` wrote.
    /// - Throws: `NeuralError.missingTensor` or `.shapeMismatch` naming the tensor.
    public func loadState(from file: SafetensorsFile, prefix: String) throws {
        func tensor(_ name: String, _ shape: [Int]) throws -> SafetensorsFile.Tensor {
            guard let tensor = file[name] else { throw NeuralError.missingTensor(path: file.path, tensor: name) }
            guard tensor.shape == shape else {
                throw NeuralError.shapeMismatch(path: file.path, tensor: name, expected: shape, found: tensor.shape)
            }
            return tensor
        }
        let moments = try parameters.enumerated().map { index, parameter in
            (try tensor("\(prefix)m.\(index)", parameter.shape), try tensor("\(prefix)v.\(index)", parameter.shape))
        }
        let step = try tensor(prefix + "step", [1])
        for (index, (m, v)) in moments.enumerated() {
            firstMoments[index].baseAddress.update(from: m.values, count: m.values.count)
            secondMoments[index].baseAddress.update(from: v.values, count: v.values.count)
        }
        stepCount = Int(step.values[0])
    }
}
