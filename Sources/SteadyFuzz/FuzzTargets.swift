import Foundation
import Learning
import Metrics
import Neural
import Runtime
import ServoBus
import ServoWire
import Sidecar
import SteadyCore

/// The readers of bytes from outside that Steady has: run logs, checkpoints, and the packet
/// decoders of both protocols (with the twin firmware answering what they decode).
///
/// Adding a reader takes a few lines: write a factory here that returns a `FuzzTarget` with a
/// name, a few valid inputs made by the product's own writer (put their construction in
/// `FuzzSeeds`, or beside the reader as `SidecarFrameFuzz.seeds` is), and a closure that reads one
/// input as far as the product would, throwing where the product refuses; a stream decoder that
/// skips what it cannot frame returns a `FrameTally` of the frames it decoded and rejected
/// instead. Then append the factory's result to `all()` and the name to the arguments of
/// `FuzzTests.noCrash`; `sidecarFrames()` below is a short example. `steady bench fuzz` then
/// runs it with the others (`--target NAME` alone), saves an input that crashes it, and replays
/// that input with `--replay FILE --target NAME`.
public enum FuzzTargets {
    /// Every target, in the order `steady bench fuzz` runs them.
    /// - Throws: when a seed cannot be made (a temporary directory that cannot be written).
    public static func all() throws -> [FuzzTarget] {
        let checkpoints = try FuzzSeeds.checkpoints()
        return [try runLog(), checkpoint(seeds: checkpoints), try checkpointMetadata(seeds: checkpoints),
                packets(.feetech), packets(.dynamixel), sidecarFrames()]
    }

    /// Bytes from a sidecar peer as a learner or an actor receives them: whole frames decoded,
    /// the connection refused (a `SidecarProtocolError`) on the first bad one. Any other error
    /// would be a bug, and stops the fuzz.
    public static func sidecarFrames() -> FuzzTarget {
        FuzzTarget(name: "sidecar-frames", seeds: SidecarFrameFuzz.seeds()) { bytes in
            do {
                return FrameTally(decoded: try SidecarFrameFuzz.feed(bytes) == true ? 1 : 0)
            } catch let error as SidecarProtocolError {
                throw error
            } catch {
                preconditionFailure("sidecar-frames: an error that is not a SidecarProtocolError: \(error)")
            }
        }
    }

    /// `RUN/run.mcap` as `steady export-csv` and `steady metrics` read it: parsed, turned into
    /// signals and CSV, and the metrics computed.
    public static func runLog() throws -> FuzzTarget {
        let seeds = try FuzzSeeds.runLogs()
        let robot = FuzzSeeds.robot
        return FuzzTarget(name: "run-log", seeds: seeds) { bytes in
            let log = try RunLog.parse(bytes, path: "fuzz.mcap")
            let signals = try log.signals(path: "fuzz.mcap").withRanges(from: robot)
            _ = MetricsReport(signals: signals)
            _ = try log.csv()
            return .none
        }
    }

    /// `model.safetensors` as `steady eval` and `steady run --policy` load it: the tensors, the
    /// metadata, the actor built from both, and one action. `seeds` are whole checkpoint files.
    public static func checkpoint(seeds: [[UInt8]]) -> FuzzTarget {
        FuzzTarget(name: "checkpoint", seeds: seeds) { bytes in
            try load(SafetensorsFile(bytes: Data(bytes), path: "fuzz.safetensors"))
            return .none
        }
    }

    /// The metadata JSON inside a checkpoint, mutated on its own and put back beside the valid
    /// tensors of each seed checkpoint (so that sizes, kinds and spaces in the JSON reach the
    /// actor's construction instead of stopping at the file's framing). `seeds` are whole files.
    /// - Throws: when a seed file does not read.
    public static func checkpointMetadata(seeds: [[UInt8]]) throws -> FuzzTarget {
        let files = try seeds.map { try SafetensorsFile(bytes: Data($0), path: "seed.safetensors") }
        let jsons = files.map { Array(($0.metadata[Checkpoint.metadataKey] ?? "").utf8) }
        return FuzzTarget(name: "checkpoint-metadata", seeds: jsons) { bytes in
            // Refused when no seed's tensors take it (a SAC metadata never fits DDPG tensors).
            var lastError: (any Error)?
            for seed in files {
                var file = seed
                file.metadata[Checkpoint.metadataKey] = String(decoding: bytes, as: UTF8.self)
                do {
                    try load(file)
                    return .none
                } catch {
                    lastError = error
                }
            }
            if let lastError { throw lastError }
            return .none
        }
    }

    /// Reads the metadata of `file`, builds its actor and runs it once, as `steady eval` does.
    static func load(_ file: SafetensorsFile) throws {
        let (metadata, _) = try Checkpoint.read(file)
        let policy = try CheckpointPolicy(metadata: metadata, file: file, directory: URL(fileURLWithPath: "/fuzz"))
        let observation = [Float](repeating: 0.5, count: policy.observationSize)
        var action = [Float](repeating: 0, count: policy.actionSize)
        observation.withUnsafeBufferPointer { o in action.withUnsafeMutableBufferPointer { policy.act(observation: o, action: $0) } }
    }

    /// A byte stream on a `protocolKind` bus, read by both decoders — `PacketDecoder` (statuses
    /// and instructions, fed in chunks whose sizes the input picks) and the tick's allocation-free
    /// `StatusScanner` (with the product's buffer size) — with every decoded instruction answered
    /// by a twin's firmware and every status long enough decoded as the tick decodes it.
    public static func packets(_ protocolKind: ServoProtocolKind) -> FuzzTarget {
        FuzzTarget(name: "\(protocolKind.rawValue)-packets", seeds: FuzzSeeds.packets(protocolKind)) { bytes in
            let chunk = 1 + Int(bytes.first ?? 0) % 23
            var tally = decode(bytes, protocolKind: protocolKind, chunk: chunk)
            let scanned = scan(bytes, protocolKind: protocolKind, chunk: chunk)
            tally.decoded += scanned.decoded
            tally.rejected += scanned.rejected
            return tally
        }
    }

    /// Feeds `bytes` to a `PacketDecoder` of each direction `chunk` bytes at a time; a twin answers
    /// every instruction.
    static func decode(_ bytes: [UInt8], protocolKind: ServoProtocolKind, chunk: Int) -> FrameTally {
        let robot = FuzzSeeds.robot(protocolKind)
        let twin = ServoTwin(robot: robot, plant: FirstOrderPlant(models: robot.joints.map(\.model)))
        var tally = FrameTally.none
        for direction in [PacketDirection.statuses, .instructions] {
            var decoder = PacketDecoder(protocolKind: protocolKind, direction: direction)
            var start = 0
            while start < bytes.count {
                decoder.feed(bytes[start..<min(bytes.count, start + chunk)])
                start += chunk
                while let frame = decoder.nextFrame() {
                    switch frame {
                    case .corrupt: tally.rejected += 1
                    case .status: tally.decoded += 1
                    case .instruction(let packet):
                        tally.decoded += 1
                        _ = twin.respond(to: packet)
                    }
                }
            }
        }
        return tally
    }

    /// Feeds `bytes` to a `StatusScanner` `chunk` bytes at a time and decodes every status long
    /// enough to hold the present span, as the tick's bus does.
    static func scan(_ bytes: [UInt8], protocolKind: ServoProtocolKind, chunk: Int) -> FrameTally {
        let robot = FuzzSeeds.robot(protocolKind)
        let layout = PresentLayout(tables: robot.joints.map { ControlTable.for($0.model) })
        let state = PresentState(jointCount: robot.joints.count)
        let scanner = StatusScanner(protocolKind: protocolKind)
        var tally = FrameTally.none
        var start = 0
        while start < bytes.count {
            let room = scanner.freeSpace()
            let count = min(room.count, chunk, bytes.count - start)
            for index in 0..<count { room[index] = bytes[start + index] }
            scanner.didRead(count)
            start += count
            scanning: while true {
                switch scanner.next() {
                case .needMore: break scanning
                case .corrupt: tally.rejected += 1
                case .status(let status):
                    tally.decoded += 1
                    guard status.parameterCount >= layout.span.length else { continue }
                    layout.decode(UnsafePointer(status.parameters), statusError: status.error, joint: Int(status.id) % state.jointCount,
                                  into: state)
                }
            }
        }
        return tally
    }
}
