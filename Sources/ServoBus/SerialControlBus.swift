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
    /// Where the present state lies in the sync read, and how it decodes (shared with `RobotBus`).
    public let presentLayout: PresentLayout
    /// The present span: one read covering every Present_* register of every model.
    public var presentSpan: (address: Int, length: Int) { presentLayout.span }
    /// Line time of one sync read and its replies plus one sync write of goals, nanoseconds.
    public let lineNanosecondsPerTick: UInt64

    private let protocolKind: ServoProtocolKind
    private let ids: [UInt8]
    private let jointOfID: JointBuffer<Int>
    private let goal: [RegisterCoding]
    /// The two sync-read frames (span, span + 1 byte) and their parameter lengths.
    private let readFrames: [[UInt8]]
    private let readLengths: [Int]
    private var nextRead = 0
    /// Where the span starts inside the longer read's data: 1 when it starts a byte early.
    private let secondReadOffset: Int
    private let body: JointBuffer<UInt8>
    private let frame: JointBuffer<UInt8>
    private let received: JointBuffer<Bool>
    private var receivedCount = 0
    private let scanner: StatusScanner

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
        presentLayout = PresentLayout(tables: tables)
        goal = try Self.goalCodings(tables, ids: ids, layout: presentLayout, port: transport.portName)
        let (low, length) = presentLayout.span
        // The second read covers one more byte: after the span if every model has it, else before.
        let memory = tables.map(\.memorySize).min() ?? 0
        let second = low + length + 1 <= memory ? (low, length + 1) : (low - 1, length + 1)
        secondReadOffset = second.0 == low ? 0 : 1
        let codec = makeCodec(for: robot.protocolKind)
        readFrames = try [(low, length), second].map { [ids] address, length in
            try codec.encode(.syncRead(address: UInt16(address), length: UInt16(length), ids: ids))
        }
        readLengths = [length, length + 1]
        jointOfID = JointBuffer(count: 256, repeating: -1)
        for (index, id) in ids.enumerated() { jointOfID[Int(id)] = index }
        received = JointBuffer(count: ids.count, repeating: false)
        let bodyCount = 5 + ids.count * (1 + 4)
        body = JointBuffer(count: bodyCount, repeating: 0)
        frame = JointBuffer(count: WireFrames.capacity(bodyCount: bodyCount, protocolKind: robot.protocolKind), repeating: 0)
        scanner = StatusScanner(protocolKind: robot.protocolKind)
        // Line time: the longer read frame, every reply, and the goal sync write.
        let overhead = robot.protocolKind == .dynamixel ? 11 : 6
        let replyBytes = ids.count * (overhead + length + 1)
        let writeBytes = (robot.protocolKind == .dynamixel ? 14 : 8) + ids.count * (1 + goal[0].size)
        let baud = UInt64(max(transport.baudRate, 1))
        let readNanoseconds = UInt64(readFrames[1].count + replyBytes) * 10_000_000_000 / baud
        lineNanosecondsPerTick = readNanoseconds + UInt64(writeBytes) * 10_000_000_000 / baud
        attemptTimeoutNanoseconds = readNanoseconds + UInt64(latencyAllowanceSeconds * 1e9)
    }

    /// Goal_Position's coding per joint.
    /// - Throws: `ServoBusError.motorError` when a model lacks Present_Position or Goal_Position,
    ///   or when Goal_Position differs between the models (one sync write cannot set them all).
    private static func goalCodings(_ tables: [ControlTable], ids: [UInt8], layout: PresentLayout,
                                    port: String) throws -> [RegisterCoding] {
        func missing(_ joint: Int) -> ServoBusError {
            .motorError(port: port, id: ServoID(ids[joint]), names: ["\(tables[joint].model.name) has no Present_Position/Goal_Position"])
        }
        if let joint = layout.jointWithoutPosition { throw missing(joint) }
        let goal = try tables.indices.map { joint in
            guard let register = tables[joint][.goalPosition] else { throw missing(joint) }
            return RegisterCoding(register, in: tables[joint])
        }
        guard Set(goal.map(\.address)).count == 1, Set(goal.map(\.size)).count == 1 else {
            throw ServoBusError.motorError(port: port, id: ServoID(ids[0]),
                                           names: ["Goal_Position differs between the models on this bus; one sync write cannot set them all"])
        }
        return goal
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
            return BusOutcome(error)
        }
        scanner.reset()
        received.fill(with: false)
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
            return BusOutcome(error)
        }
        var corrupt = 0
        let attemptDeadline = min(Monotonic.nanoseconds() &+ attemptTimeoutNanoseconds, deadline)
        let offset = which == 1 ? secondReadOffset : 0
        while receivedCount + corrupt < ids.count {
            let got: Int
            do {
                got = try transport.read(into: scanner.freeSpace(), deadlineNanoseconds: attemptDeadline)
            } catch {
                return BusOutcome(error)
            }
            if got == 0 { break }
            scanner.didRead(got)
            corrupt += takeReplies(length: length, offset: offset, into: state)
        }
        guard receivedCount < ids.count else { return .ok }
        var missing = 0
        while missing < ids.count && received[missing] { missing += 1 }
        return corrupt > 0 ? .corrupt(joint: missing) : .timeout(joint: missing)
    }

    /// Decodes every complete status in the scanner into `state`; returns the corrupt ones.
    private func takeReplies(length: Int, offset: Int, into state: PresentState) -> Int {
        var corrupt = 0
        while true {
            switch scanner.next() {
            case .needMore:
                return corrupt
            case .corrupt:
                corrupt += 1
            case .status(let status):
                let joint = jointOfID[Int(status.id)]
                if protocolKind == .dynamixel, status.error & 0x7F != 0, status.parameterCount == 0 {
                    // A failed instruction carries no data: report it as this motor's error.
                    guard joint >= 0, !received[joint] else { continue }
                    state.statusError[joint] = status.error
                } else {
                    guard status.parameterCount == length else {
                        statistics.staleReplies += 1
                        continue
                    }
                    guard joint >= 0, !received[joint] else { continue }
                    presentLayout.decode(UnsafePointer(status.parameters + offset), statusError: status.error,
                                         joint: joint, into: state)
                }
                received[joint] = true
                receivedCount += 1
            }
        }
    }

    public func writeGoals(_ ticks: UnsafeBufferPointer<Int>) -> BusOutcome {
        precondition(ticks.count == ids.count, "\(ticks.count) goals for \(ids.count) joints")
        let coding = goal[0]
        var count = putSyncWriteHeader(address: coding.address, size: coding.size)
        let out = body.mutablePointer.baseAddress!
        for joint in 0..<ids.count {
            out[count] = ids[joint]
            goal[joint].encode(ticks[joint], into: out + count + 1)
            count += 1 + coding.size
        }
        return sendSyncWrite(bodyCount: count)
    }

    public func write(_ register: RegisterCoding, joint: Int, value: Int) -> BusOutcome {
        var count = putSyncWriteHeader(address: register.address, size: register.size)
        let out = body.mutablePointer.baseAddress!
        out[count] = ids[joint]
        register.encode(value, into: out + count + 1)
        count += 1 + register.size
        return sendSyncWrite(bodyCount: count)
    }

    /// Instruction and address/length fields of a sync write; returns the bytes used.
    private func putSyncWriteHeader(address: Int, size: Int) -> Int {
        body[0] = Instruction.syncWrite.rawValue
        return 1 + WireFrames.addressAndLength(address: address, length: size, protocolKind: protocolKind,
                                               into: body.mutablePointer.baseAddress! + 1)
    }

    private func sendSyncWrite(bodyCount: Int) -> BusOutcome {
        let out = frame.mutablePointer.baseAddress!
        let length = WireFrames.frame(id: ServoRequest.broadcastID, body: UnsafeBufferPointer(rebasing: body.pointer[0..<bodyCount]),
                                      protocolKind: protocolKind, into: out)
        statistics.transactions += 1
        do {
            try transport.write(UnsafeRawBufferPointer(start: out, count: length))
        } catch {
            return BusOutcome(error)
        }
        return .ok
    }
}
