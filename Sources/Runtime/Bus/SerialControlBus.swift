#if canImport(Glibc)
import Glibc
#endif
import ServoBus
import ServoWire
import SteadyCore

/// The control tick's bus over a serial transport: one sync read and one sync write per tick,
/// framed into preallocated buffers, replies parsed in place. Nothing allocates after init.
///
/// ## Retries inside the tick
/// A read attempt waits `attemptTimeoutNanoseconds` (line time of the request and every reply
/// plus a latency allowance) but never past the deadline the loop gives; a timeout or a corrupt
/// reply is retried (the request sent again) while the deadline allows, up to `retries` times —
/// the policy of `PacketBus`, sized to fit the loop's period. Unlike `PacketBus`, input is
/// discarded only before the first attempt and replies already received are kept: on a
/// pseudo-terminal or a busy USB adapter a timeout is mostly a late reply, not a lost one.
///
/// ## Stale replies
/// A reply that arrives after its attempt timed out would otherwise be taken for the answer to
/// the next request. As in `PacketBus`, a reply whose parameter count differs from the request's
/// length is skipped and counted. Every tick sends the same sync read, so consecutive ticks
/// alternate between reading the present span and the span plus one byte: a late reply from the
/// previous tick then has the wrong length and is rejected instead of being taken, one tick old,
/// for this tick's state.
public final class SerialControlBus: ControlBus {
    public let robot: RobotDescription
    public let transport: SerialTransport
    public var jointCount: Int { ids.count }
    public private(set) var statistics = BusStatistics()
    /// Extra attempts after a timeout or corrupt reply (while the deadline allows).
    public var retries: Int
    /// The longest one read attempt may wait for every reply, nanoseconds.
    public var attemptTimeoutNanoseconds: UInt64
    /// The present span: one read covering every Present_* register of every model.
    public let presentSpan: (address: Int, length: Int)
    /// Line time of one sync read and its replies plus one sync write of goals, nanoseconds.
    public let lineNanosecondsPerTick: UInt64

    private let protocolKind: ServoProtocolKind
    private let ids: [UInt8]
    private let jointOfID: UnsafeMutableBufferPointer<Int>
    private let fields: [PresentFields]
    private let goal: [RegisterCoding]
    /// The two sync-read frames (span, span + 1 byte) and their parameter lengths.
    private let readFrames: [[UInt8]]
    private let readLengths: [Int]
    private var nextRead = 0
    /// Where the span starts inside the longer read's data: 1 when it starts a byte early.
    private let secondReadOffset: Int
    private let body: UnsafeMutableBufferPointer<UInt8>
    private let frame: UnsafeMutableBufferPointer<UInt8>
    private let received: UnsafeMutableBufferPointer<Bool>
    private var receivedCount = 0
    private let scanner: StatusScanner

    /// Offsets of each Present_* register inside the span, per joint (nil: the model lacks it).
    private struct PresentFields {
        var position: (offset: Int, coding: RegisterCoding)
        var velocity: (offset: Int, coding: RegisterCoding)?
        var load: (offset: Int, coding: RegisterCoding)?
        var current: (offset: Int, coding: RegisterCoding)?
        var temperature: (offset: Int, coding: RegisterCoding)?
        var voltage: (offset: Int, coding: RegisterCoding)?
    }

    /// Creates the tick bus for `robot` on `transport`.
    /// - Parameters:
    ///   - latencyAllowanceSeconds: time allowed per attempt on top of the line time (USB
    ///     adapters, the pty's scheduling); the loop lowers it so that retries fit its period.
    /// - Throws: `ServoBusError.motorError` when a model lacks Goal_Position or Present_Position.
    public init(robot: RobotDescription, transport: SerialTransport, retries: Int = 2,
                latencyAllowanceSeconds: Double = 0.002) throws {
        self.robot = robot
        self.transport = transport
        self.retries = retries
        protocolKind = robot.protocolKind
        ids = robot.joints.map(\.id.rawValue)
        let tables = robot.joints.map { ControlTable.for($0.model) }
        let names = ["Present_Position", "Present_Velocity", "Present_Load", "Present_Current",
                     "Present_Temperature", "Present_Voltage"]
        var low = Int.max, high = 0
        for table in tables {
            for name in names {
                guard let register = table[name] else { continue }
                low = min(low, Int(register.address))
                high = max(high, register.addresses.upperBound)
            }
        }
        presentSpan = (low, high - low)
        var fields: [PresentFields] = []
        var goal: [RegisterCoding] = []
        for (index, table) in tables.enumerated() {
            func field(_ name: String) -> (Int, RegisterCoding)? {
                table[name].map { (Int($0.address) - low, RegisterCoding($0, in: table)) }
            }
            guard let position = field("Present_Position"), let goalRegister = table["Goal_Position"] else {
                throw ServoBusError.motorError(port: transport.portName, id: ids[index],
                                               names: ["\(table.model.name) has no Present_Position/Goal_Position"])
            }
            fields.append(PresentFields(position: position, velocity: field("Present_Velocity"), load: field("Present_Load"),
                                        current: field("Present_Current"), temperature: field("Present_Temperature"),
                                        voltage: field("Present_Voltage")))
            goal.append(RegisterCoding(goalRegister, in: table))
        }
        guard Set(goal.map(\.address)).count == 1, Set(goal.map(\.size)).count == 1 else {
            throw ServoBusError.motorError(port: transport.portName, id: ids[0],
                                           names: ["Goal_Position differs between the models on this bus; one sync write cannot set them all"])
        }
        self.fields = fields
        self.goal = goal
        // The second read covers one more byte: after the span if every model has it, else before.
        let memory = tables.map(\.memorySize).min() ?? 0
        let second = high + 1 <= memory ? (low, high - low + 1) : (low - 1, high - low + 1)
        secondReadOffset = second.0 == low ? 0 : 1
        let codec = makeCodec(for: robot.protocolKind)
        readFrames = try [(low, high - low), second].map { address, length in
            try codec.encode(.syncRead(address: UInt16(address), length: UInt16(length), ids: robot.joints.map(\.id.rawValue)))
        }
        readLengths = [high - low, high - low + 1]
        jointOfID = .allocate(capacity: 256)
        jointOfID.initialize(repeating: -1)
        for (index, id) in ids.enumerated() { jointOfID[Int(id)] = index }
        received = .allocate(capacity: ids.count)
        received.initialize(repeating: false)
        let bodyCount = 5 + ids.count * (1 + 4)
        body = .allocate(capacity: bodyCount)
        body.initialize(repeating: 0)
        frame = .allocate(capacity: WireFrames.capacity(bodyCount: bodyCount, protocolKind: robot.protocolKind))
        frame.initialize(repeating: 0)
        scanner = StatusScanner(protocolKind: robot.protocolKind)
        // Line time: the longer read frame, every reply, and the goal sync write.
        let overhead = robot.protocolKind == .dynamixel ? 11 : 6
        let replyBytes = ids.count * (overhead + presentSpan.length + 1)
        let writeBytes = (robot.protocolKind == .dynamixel ? 14 : 8) + ids.count * (1 + goal[0].size)
        let baud = UInt64(max(transport.baudRate, 1))
        let readNanoseconds = UInt64(readFrames[1].count + replyBytes) * 10_000_000_000 / baud
        lineNanosecondsPerTick = readNanoseconds + UInt64(writeBytes) * 10_000_000_000 / baud
        attemptTimeoutNanoseconds = readNanoseconds + UInt64(latencyAllowanceSeconds * 1e9)
    }

    deinit {
        jointOfID.deallocate()
        received.deallocate()
        body.deallocate()
        frame.deallocate()
    }

    /// Line time of one sync read (request and every reply), nanoseconds.
    public var readLineNanoseconds: UInt64 {
        UInt64(readFrames[1].count + ids.count * ((protocolKind == .dynamixel ? 11 : 6) + presentSpan.length + 1))
            * 10_000_000_000 / UInt64(max(transport.baudRate, 1))
    }

    public func readPresent(into state: PresentState, deadlineNanoseconds: UInt64) -> BusOutcome {
        precondition(state.jointCount == ids.count, "present state for \(state.jointCount) joints, bus has \(ids.count)")
        let which = nextRead
        nextRead ^= 1
        let length = readLengths[which]
        statistics.transactions += 1
        // Stale bytes from earlier ticks go; within the tick, replies are kept across attempts
        // (a retry asks again only for what is missing to arrive, and a late answer to the
        // first attempt is as fresh as the second's).
        do {
            try transport.discardInput()
        } catch {
            return Self.outcome(of: error)
        }
        scanner.reset()
        for index in 0..<ids.count { received[index] = false }
        receivedCount = 0
        var outcome = BusOutcome.timeout(joint: 0)
        var attempt = 0
        while true {
            if attempt > 0 { statistics.retries += 1 }
            outcome = attemptRead(which, length: length, state: state, deadline: deadlineNanoseconds)
            switch outcome {
            case .ok, .vanished, .failed: return outcome
            case .timeout, .corrupt: break
            }
            attempt += 1
            guard attempt <= retries, Monotonic.nanoseconds() < deadlineNanoseconds else { break }
        }
        if case .corrupt = outcome { statistics.corruptReplies += 1 } else { statistics.timeouts += 1 }
        return outcome
    }

    private func attemptRead(_ which: Int, length: Int, state: PresentState, deadline: UInt64) -> BusOutcome {
        do {
            try readFrames[which].withUnsafeBytes { try transport.write($0) }
        } catch {
            return Self.outcome(of: error)
        }
        var corrupt = 0
        let attemptDeadline = min(Monotonic.nanoseconds() &+ attemptTimeoutNanoseconds, deadline)
        let offset = which == 1 ? secondReadOffset : 0
        while receivedCount + corrupt < ids.count {
            let got: Int
            do {
                got = try transport.read(into: scanner.freeSpace(), deadlineNanoseconds: attemptDeadline)
            } catch {
                return Self.outcome(of: error)
            }
            if got == 0 { break }
            scanner.didRead(got)
            scanning: while true {
                switch scanner.next() {
                case .needMore:
                    break scanning
                case .corrupt:
                    corrupt += 1
                case .status(let status):
                    if protocolKind == .dynamixel, status.error & 0x7F != 0, status.parameterCount == 0 {
                        // A failed instruction carries no data: report it as this motor's error.
                        let joint = jointOfID[Int(status.id)]
                        guard joint >= 0, !received[joint] else { continue }
                        state.statusError[joint] = status.error
                        received[joint] = true
                        receivedCount += 1
                        continue
                    }
                    guard status.parameterCount == length else {
                        statistics.staleReplies += 1
                        continue
                    }
                    let joint = jointOfID[Int(status.id)]
                    guard joint >= 0, !received[joint] else { continue }
                    decode(status, offset: offset, joint: joint, into: state)
                    received[joint] = true
                    receivedCount += 1
                }
            }
        }
        guard receivedCount < ids.count else { return .ok }
        var missing = 0
        while missing < ids.count && received[missing] { missing += 1 }
        return corrupt > 0 ? .corrupt(joint: missing) : .timeout(joint: missing)
    }

    private func decode(_ status: ScannedStatus, offset: Int, joint: Int, into state: PresentState) {
        let data = UnsafePointer(status.parameters + offset)
        let f = fields[joint]
        state.positionTicks[joint] = f.position.coding.decode(data + f.position.offset)
        state.velocity[joint] = f.velocity.map { $0.coding.decode(data + $0.offset) } ?? 0
        state.load[joint] = f.load.map { $0.coding.decode(data + $0.offset) } ?? 0
        if let current = f.current {
            state.current[joint] = current.coding.decode(data + current.offset)
            state.hasCurrent[joint] = true
        } else {
            state.hasCurrent[joint] = false
        }
        state.temperatureCelsius[joint] = f.temperature.map { $0.coding.decode(data + $0.offset) } ?? 0
        state.voltage[joint] = f.voltage.map { $0.coding.decode(data + $0.offset) } ?? 0
        state.statusError[joint] = status.error
    }

    public func writeGoals(_ ticks: UnsafeBufferPointer<Int>) -> BusOutcome {
        precondition(ticks.count == ids.count, "\(ticks.count) goals for \(ids.count) joints")
        let coding = goal[0]
        var count = putSyncWriteHeader(address: coding.address, size: coding.size)
        for joint in 0..<ids.count {
            body[count] = ids[joint]
            goal[joint].encode(ticks[joint], into: body.baseAddress! + count + 1)
            count += 1 + coding.size
        }
        return sendSyncWrite(bodyCount: count)
    }

    public func write(_ register: RegisterCoding, joint: Int, value: Int) -> BusOutcome {
        var count = putSyncWriteHeader(address: register.address, size: register.size)
        body[count] = ids[joint]
        register.encode(value, into: body.baseAddress! + count + 1)
        count += 1 + register.size
        return sendSyncWrite(bodyCount: count)
    }

    /// Instruction and address/length fields of a sync write; returns the bytes used.
    private func putSyncWriteHeader(address: Int, size: Int) -> Int {
        body[0] = Instruction.syncWrite.rawValue
        return 1 + WireFrames.addressAndLength(address: address, length: size, protocolKind: protocolKind,
                                               into: body.baseAddress! + 1)
    }

    private func sendSyncWrite(bodyCount: Int) -> BusOutcome {
        let length = WireFrames.frame(id: ServoRequest.broadcastID, body: UnsafeBufferPointer(rebasing: body[0..<bodyCount]),
                                      protocolKind: protocolKind, into: frame.baseAddress!)
        statistics.transactions += 1
        do {
            try transport.write(UnsafeRawBufferPointer(start: frame.baseAddress!, count: length))
        } catch {
            return Self.outcome(of: error)
        }
        return .ok
    }

    /// The outcome for an error a transport threw (not on the normal path; a thrown error was
    /// already boxed by the transport).
    static func outcome(of error: Error) -> BusOutcome {
        switch error as? SerialPortError {
        case .vanished?: return .vanished
        case .failed?, .permissionDenied?, .notFound?, .busy?, .unsupported?: return .failed(errno: EIO)
        case nil: return .failed(errno: EIO)
        }
    }
}
