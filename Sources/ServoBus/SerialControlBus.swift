import ServoWire
import SteadyCore

/// The control tick's bus over a serial transport: one sync read and one sync write per tick,
/// framed into preallocated buffers, replies parsed in place. Nothing allocates after init.
///
/// ## Retries inside the tick
/// A read attempt waits `attemptTimeoutNanoseconds` (line time of the request and every reply
/// plus a latency allowance) but never past the deadline the loop gives; a timeout or a corrupt
/// reply is retried (the request sent again) while the deadline allows, up to `retries` times —
/// the policy of `PacketBus`, sized to fit the loop's period. Replies already received are kept
/// across attempts: on a pseudo-terminal or a busy USB adapter a timeout is mostly a late reply,
/// not a lost one, and a late answer to the first attempt is as fresh as the second's.
///
/// ## Fresh replies, by construction
/// Before each request, whatever input has arrived is read and accounted for, never taken. Each
/// tick's sync read has one of `ReplyFreshness.count` lengths (the present span plus 1…4 bytes),
/// chosen so that no earlier request still waiting for replies has the same one; a reply is
/// taken only when it has the length of this tick's request and arrives before this tick's
/// deadline, so it can only answer this tick's request (`ReplyFreshness` says why). A reply
/// that arrives after its tick is counted as stale. When replies arrive so late that every
/// length is still awaited, the tick fails without sending: the bus is slower than the rate.
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
    /// Per tag: the sync-read frame, its parameter length, and where the span starts in it.
    private let readFrames: [[UInt8]]
    private let readLengths: JointBuffer<Int>
    private let readOffsets: JointBuffer<Int>
    /// The tag of each parameter length from `presentSpan.length + 1`, −1 for others.
    private let tagOfLength: JointBuffer<Int>
    private let freshness: ReplyFreshness
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
        // The tags read 1…4 bytes more than the span: after it if every model has them, else before.
        let tags = 4
        let memory = tables.map(\.memorySize).min() ?? 0
        let after = low + length + tags <= memory
        let codec = makeCodec(for: robot.protocolKind)
        readFrames = try (1...tags).map { [ids] extra in
            try codec.encode(.syncRead(address: UInt16(after ? low : low - extra), length: UInt16(length + extra), ids: ids))
        }
        readLengths = JointBuffer(count: tags, repeating: 0)
        readOffsets = JointBuffer(count: tags, repeating: 0)
        tagOfLength = JointBuffer(count: tags + 2, repeating: -1)
        for tag in 0..<tags {
            readLengths[tag] = length + tag + 1
            readOffsets[tag] = after ? 0 : tag + 1
            tagOfLength[tag + 1] = tag
        }
        freshness = ReplyFreshness(count: tags)
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
        let readNanoseconds = UInt64(readFrames[tags - 1].count + replyBytes + ids.count * tags) * 10_000_000_000 / baud
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
        UInt64(readFrames[readFrames.count - 1].count + ids.count * ((protocolKind == .dynamixel ? 11 : 6) + readLengths[readLengths.count - 1]))
            * 10_000_000_000 / UInt64(max(transport.baudRate, 1))
    }

    public func readPresent(into state: PresentState, deadlineNanoseconds: UInt64) -> BusOutcome {
        precondition(state.jointCount == ids.count, "present state for \(state.jointCount) joints, bus has \(ids.count)")
        statistics.transactions += 1
        if let failure = drain(into: state) { return failure }
        guard let tag = freshness.begin(nowNanoseconds: Monotonic.nanoseconds()) else {
            // Every tag is awaited: replies are arriving ticks late. Nothing could be told apart.
            statistics.timeouts += 1
            return .timeout(joint: 0)
        }
        defer {
            freshness.closeCurrentIfComplete()
            freshness.end()
        }
        received.fill(with: false)
        receivedCount = 0
        var outcome = BusOutcome.timeout(joint: 0)
        var attempt = 0
        while true {
            if attempt > 0 { statistics.retries += 1 }
            outcome = attemptRead(tag, state: state, deadline: deadlineNanoseconds)
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

    /// Reads whatever input has arrived since the last tick and accounts for it (replies that
    /// came after their tick): stale by construction, never taken.
    private func drain(into state: PresentState) -> BusOutcome? {
        for _ in 0..<16 {
            let got: Int
            do {
                got = try transport.read(into: scanner.freeSpace(), deadlineNanoseconds: 0)
            } catch {
                return BusOutcome(error)
            }
            if got == 0 { return nil }
            scanner.didRead(got)
            _ = takeReplies(into: state)
        }
        return nil
    }

    private func attemptRead(_ tag: Int, state: PresentState, deadline: UInt64) -> BusOutcome {
        do {
            try readFrames[tag].withUnsafeBytes { try transport.write($0) }
        } catch {
            return BusOutcome(error)
        }
        freshness.sent(replies: ids.count)
        var corrupt = 0
        let attemptDeadline = min(Monotonic.nanoseconds() &+ attemptTimeoutNanoseconds, deadline)
        while receivedCount + corrupt < ids.count {
            let got: Int
            do {
                got = try transport.read(into: scanner.freeSpace(), deadlineNanoseconds: attemptDeadline)
            } catch {
                return BusOutcome(error)
            }
            if got == 0 { break }
            scanner.didRead(got)
            corrupt += takeReplies(into: state)
        }
        guard receivedCount < ids.count else { return .ok }
        var missing = 0
        while missing < ids.count && received[missing] { missing += 1 }
        return corrupt > 0 ? .corrupt(joint: missing) : .timeout(joint: missing)
    }

    /// Decodes every complete status in the scanner into `state` when it answers the current
    /// request, and accounts for the others as stale; returns the corrupt ones.
    private func takeReplies(into state: PresentState) -> Int {
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
                    // A failed instruction carries no data (nor a tag): report it as this motor's error.
                    guard freshness.current >= 0, joint >= 0, !received[joint] else { continue }
                    state.statusError[joint] = status.error
                } else {
                    let extra = status.parameterCount - presentSpan.length
                    let tag = extra >= 0 && extra < tagOfLength.count ? tagOfLength[extra] : -1
                    guard tag >= 0, freshness.received(tag: tag) else {
                        statistics.staleReplies += 1
                        continue
                    }
                    guard joint >= 0, !received[joint] else { continue }
                    presentLayout.decode(UnsafePointer(status.parameters + readOffsets[tag]), statusError: status.error,
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
