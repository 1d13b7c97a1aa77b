import Foundation
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting
import Testing

/// The tick bus builds and parses frames by hand; these check them against ServoWire's codecs.
@Suite struct WireFrameTests {
    func robot(_ name: String) throws -> RobotDescription {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try RobotDescription.load(root.appendingPathComponent("robots/\(name)").path)
    }

    @Test("sync writes are byte for byte what the codec encodes, Dynamixel byte stuffing included", arguments: ["so101", "koch"])
    func syncWritesMatchTheCodec(name: String) throws {
        let robot = try robot(name)
        let twin = ServoTwin(robot: robot)
        let recorder = FaultInjectingTransport(wrapping: TwinTransport(twin: twin))
        let bus = try SerialControlBus(robot: robot, transport: recorder)
        let codec = makeCodec(for: robot.protocolKind)
        let table = ControlTable.for(robot.joints[0].model)
        let goal = table["Goal_Position"]!
        let n = robot.joints.count
        // 0x00FDFFFF puts FF FF FD on the wire (a Dynamixel frame must stuff it).
        for values in [Array(0..<n).map { 1000 + 37 * $0 }, Array(repeating: robot.protocolKind == .dynamixel ? 0x00FD_FFFF : 4095, count: n)] {
            #expect(values.withUnsafeBufferPointer { bus.writeGoals($0) } == .ok)
            let items = zip(robot.joints, values).map { joint, value in
                SyncWriteItem(id: joint.id.rawValue, data: table.encode(min(max(value, goal.representableRange.lowerBound), goal.representableRange.upperBound), for: goal))
            }
            #expect(recorder.written.last == (try codec.encode(.syncWrite(address: goal.address, items: items))))
        }
        let limit = table["Goal_Velocity"]!
        #expect(bus.write(RegisterCoding(limit, in: table), joint: 2, value: -300) == .ok)
        let item = SyncWriteItem(id: robot.joints[2].id.rawValue, data: table.encode(-300, for: limit))
        #expect(recorder.written.last == (try codec.encode(.syncWrite(address: limit.address, items: [item]))))
    }

    @Test("one sync read gives what RobotBus decodes, on both protocols and both alternating spans", arguments: ["so101", "koch"])
    func syncReadMatchesRobotBus(name: String) throws {
        let robot = try robot(name)
        let twin = ServoTwin(robot: robot, plant: FirstOrderPlant(models: robot.joints.map(\.model),
                                                                  initialRadians: robot.joints.indices.map { 0.1 * Double($0) - 0.2 }))
        try twin.advance(seconds: 0.01)
        let transport = TwinTransport(twin: twin)
        let reference = RobotBus(robot: robot, bus: PacketBus(transport: transport, protocolKind: robot.protocolKind))
        let bus = try SerialControlBus(robot: robot, transport: transport)
        let state = PresentState(jointCount: robot.joints.count)
        let expected = try reference.readPresent()
        for _ in 0..<2 {
            #expect(bus.readPresent(into: state, deadlineNanoseconds: Monotonic.nanoseconds() + 1_000_000_000) == .ok)
            for (joint, raw) in expected.enumerated() {
                #expect(state.positionTicks[joint] == raw.positionTicks)
                #expect(state.velocity[joint] == raw.velocity)
                #expect(state.load[joint] == raw.load)
                #expect(state.temperatureCelsius[joint] == raw.temperatureCelsius)
                #expect(state.voltage[joint] == raw.voltage)
                #expect(state.hasCurrent[joint] == (raw.current != nil))
                if let current = raw.current { #expect(state.current[joint] == current) }
            }
        }
    }

    @Test("a late reply to an earlier read is rejected, not taken for this tick's state")
    func staleReplyIsRejected() throws {
        let robot = try robot("so101")
        let twin = ServoTwin(robot: robot)
        let transport = TwinTransport(twin: twin)
        let bus = try SerialControlBus(robot: robot, transport: transport)
        let state = PresentState(jointCount: 6)
        #expect(bus.readPresent(into: state, deadlineNanoseconds: Monotonic.nanoseconds() + 1_000_000_000) == .ok)
        // Replies to the first span's length, arriving during the next (longer) read.
        let codec = makeCodec(for: .feetech)
        let stale = robot.joints.map { codec.encode(StatusPacket(id: $0.id.rawValue, parameters: Array(repeating: 0, count: bus.presentSpan.length))) }
        final class Late: SerialTransport {
            let inner: TwinTransport
            var pending: [UInt8]
            init(_ inner: TwinTransport, _ pending: [UInt8]) { self.inner = inner; self.pending = pending }
            var portName: String { inner.portName }
            var baudRate: Int { inner.baudRate }
            func write(_ bytes: UnsafeRawBufferPointer) throws { try inner.write(bytes) }
            func discardInput() throws { try inner.discardInput() }
            func read(into buffer: UnsafeMutableRawBufferPointer, deadlineNanoseconds: UInt64) throws -> Int {
                if !pending.isEmpty {
                    let count = min(buffer.count, pending.count)
                    for index in 0..<count { buffer[index] = pending[index] }
                    pending.removeFirst(count)
                    return count
                }
                return try inner.read(into: buffer, deadlineNanoseconds: deadlineNanoseconds)
            }
        }
        let late = Late(transport, [])
        let second = try SerialControlBus(robot: robot, transport: late)
        #expect(second.readPresent(into: state, deadlineNanoseconds: Monotonic.nanoseconds() + 1_000_000_000) == .ok)
        late.pending = stale.flatMap { $0 }
        #expect(second.readPresent(into: state, deadlineNanoseconds: Monotonic.nanoseconds() + 1_000_000_000) == .ok)
        #expect(second.statistics.staleReplies == 6)
        #expect(state.positionTicks[0] == 2047)   // the twin's real reading, not the stale zeros
    }
}
