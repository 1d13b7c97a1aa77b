import Foundation
import Learning
import Neural
import Runtime
import ServoBus
import ServoWire
import SteadyCore

/// Valid inputs for the fuzz targets, made by the code that writes them in the product.
enum FuzzSeeds {
    /// A three-joint Feetech arm (the run-log and Feetech seeds), independent of robots/.
    static let robot = arm(.feetech)
    private static let dynamixelRobot = arm(.dynamixel)

    /// The seed robot of `protocolKind`.
    static func robot(_ protocolKind: ServoProtocolKind) -> RobotDescription {
        protocolKind == .feetech ? robot : dynamixelRobot
    }

    private static func arm(_ protocolKind: ServoProtocolKind) -> RobotDescription {
        let model: MotorModel = protocolKind == .feetech ? .sts3215 : .xl330M288
        return RobotDescription(name: "fuzz-\(protocolKind.rawValue)", directory: nil, protocolKind: protocolKind, baudRate: 1_000_000,
                                joints: (1...3).map { id in
                                    JointDescription(name: "j\(id)", id: ServoID(UInt8(id)), model: model, lowerRadians: -1.5,
                                                     upperRadians: 1.5, velocityLimitRadiansPerSecond: 3, gains: ServoGains(p: 16, i: 0, d: 32),
                                                     isGripper: id == 3)
                                })
    }

    /// A complete 12-tick log written by `RunLogger`, and the same log cut short by a crash.
    static func runLogs() throws -> [[UInt8]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-fuzz-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let layout = TickRecordLayout(jointCount: robot.joints.count)
        let ring = TickRecordRing(layout: layout, minimumCapacity: 64)
        let metadata = RunMetadata(robot: robot.name, jointNames: robot.joints.map(\.name), rateHz: 100, policy: "sine",
                                   settings: [("port", "/dev/fuzz"), ("duration_s", "0.12")])
        let logger = try RunLogger(directory: directory, ring: ring, metadata: metadata)
        logger.event("start pose 0.000 0.100 -0.100 rad")
        for tick in 0..<12 {
            guard let record = ring.claim() else { break }
            for index in 0..<layout.stride { record[index] = sin(Double(tick * 7 + index)) }
            record[layout.index(.tick)] = Double(tick)
            record[layout.index(.timeSeconds)] = Double(tick) * 0.01
            record[layout.index(.missed)] = Double(tick % 2)
            record[layout.index(.flags)] = Double(tick % 5)
            record[layout.index(.status)] = 0b1010_0010
            record[layout.index(.retries)] = 0
            record[layout.index(.weightsVersion)] = Double(tick / 4)
            for joint in 0..<layout.jointCount { record[layout.index(.flags, joint: joint)] = Double(joint) }
            record[layout.index(.position, joint: 1)] = tick == 4 ? .nan : 0.1 * Double(tick)
            ring.publish()
        }
        logger.event("stop: duration reached")
        try logger.finish()
        let whole = [UInt8](try Data(contentsOf: directory.appendingPathComponent(RunLogger.fileName)))
        return [whole, Array(whole.prefix(whole.count * 2 / 3))]
    }

    /// Checkpoints of a SAC (squashed Gaussian actor) and a DDPG with parameter noise
    /// (LayerNorm actor), each trained for a few steps on `SeedEnvironment`.
    static func checkpoints() throws -> [[UInt8]] {
        var sac = SACConfiguration()
        sac.hiddenSizes = [4]
        sac.batchSize = 4
        var ddpg = TD3Configuration.ddpg
        ddpg.hiddenSizes = [4]
        ddpg.batchSize = 4
        let agents: [any OffPolicyAgent] = [
            SAC(observationSize: 3, actionSize: 1, configuration: sac, seed: 1),
            TD3(observationSize: 3, actionSize: 1, configuration: ddpg, exploration: ExplorationSettings(kind: .param), seed: 1),
        ]
        return try agents.map { agent in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steady-fuzz-\(getpid())-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            var settings = TrainingSettings(totalSteps: 12, seed: 1)
            settings.learningStarts = 8
            settings.evaluationInterval = 0
            settings.finalEvaluationEpisodes = 1
            let trainer = OffPolicyTrainer(agent: agent, environments: [SeedEnvironment()], evaluationEnvironment: SeedEnvironment(),
                                           settings: settings, runDirectory: directory)
            _ = try trainer.run()
            return [UInt8](try Data(contentsOf: directory.appendingPathComponent("policy").appendingPathComponent(Checkpoint.modelFileName)))
        }
    }

    /// Statuses (replies to a ping, a read and the tick's sync read) and instructions (ping,
    /// read, write, sync read, sync write, and a Dynamixel one needing byte stuffing), back to back.
    static func packets(_ protocolKind: ServoProtocolKind) -> [[UInt8]] {
        let codec = makeCodec(for: protocolKind)
        let span = PresentLayout(tables: robot(protocolKind).joints.map { ControlTable.for($0.model) }).span
        var statuses: [UInt8] = []
        for id in 1...3 {
            let parameters = [UInt8](repeating: UInt8(id * 40), count: span.length + id)
            statuses += codec.encode(StatusPacket(id: UInt8(id), parameters: parameters))
        }
        statuses += codec.encode(StatusPacket(id: 1, parameters: [0x09, 0x03]))
        statuses += codec.encode(StatusPacket(id: 2, error: 0x20, parameters: []))
        let requests: [ServoRequest] = [
            ServoRequest(id: 1, instruction: .ping),
            ServoRequest(id: 2, instruction: .read(address: UInt16(span.address), length: UInt16(span.length))),
            ServoRequest(id: 3, instruction: .write(address: 42, data: [0xFF, 0xFF, 0xFD, 0x07])),
            .syncRead(address: UInt16(span.address), length: UInt16(span.length), ids: [1, 2, 3]),
            .syncWrite(address: 42, items: (1...3).map { SyncWriteItem(id: UInt8($0), data: [UInt8($0), 0x08]) }),
        ]
        let instructions = requests.flatMap { (try? codec.encode($0)) ?? [] }
        return [statuses, instructions, instructions + statuses]
    }
}

/// A three-observation, one-action task of five steps: enough for a trainer to write a checkpoint.
final class SeedEnvironment: Environment {
    let name = "fuzz"
    let observationSpace = BoxSpace(lower: [-1, -1, -1], upper: [1, 1, 1])
    let actionSpace = BoxSpace(lower: [-1], upper: [1])
    let rawActionSpace = BoxSpace(lower: [-2], upper: [2])
    let controlPeriodSeconds = 0.05
    private var steps = 0

    func reset(seed: UInt64?) throws -> [Float] {
        steps = 0
        return [0, 0.5, -0.5]
    }

    func step(_ action: [Float]) throws -> StepResult {
        steps += 1
        let a = action.first ?? 0
        return StepResult(observation: [a, 0.5, Float(steps) / 5], reward: Double(-a * a), terminated: false, truncated: steps >= 5)
    }
}
