import ServoWire
import SteadyCore

/// The servo protocol over a serial transport: framing, per-packet timeouts, retries.
///
/// Timeouts come from the line: (instruction + expected reply bytes) × 10 bits / baud, plus a
/// latency allowance for USB adapters (default 2 ms; FTDI's latency timer should be set to 1 ms).
/// A transaction that times out or returns a corrupt frame is retried `retries` times after
/// discarding stale input; writes without a reply are never retried.
public final class PacketBus: ServoBus {
    public let transport: SerialTransport
    public let protocolKind: ServoProtocolKind
    public let codec: any ServoCodec
    /// Extra attempts after a timeout or corrupt reply.
    public var retries: Int
    /// Time allowed on top of the byte time, nanoseconds.
    public var latencyAllowanceNanoseconds: UInt64
    public private(set) var statistics = BusStatistics()
    private var decoder: PacketDecoder
    private var buffer = [UInt8](repeating: 0, count: 4096)

    public var portName: String { transport.portName }

    public init(transport: SerialTransport, protocolKind: ServoProtocolKind, retries: Int = 2,
                latencyAllowanceSeconds: Double = 0.002) {
        self.transport = transport
        self.protocolKind = protocolKind
        codec = makeCodec(for: protocolKind)
        self.retries = retries
        latencyAllowanceNanoseconds = UInt64(latencyAllowanceSeconds * 1e9)
        decoder = PacketDecoder(protocolKind: protocolKind, direction: .statuses)
    }

    /// Frame overhead of a status packet, bytes.
    private var statusOverhead: Int { protocolKind == .dynamixel ? 11 : 6 }

    /// Sends `request` and collects one status from each of `replyIDs`, in order.
    /// - Parameter replyLength: parameter bytes expected in each reply (for the timeout).
    public func transact(_ request: ServoRequest, replyIDs: [ServoID], replyLength: Int) throws -> [StatusPacket] {
        let frame: [UInt8]
        do { frame = try codec.encode(request) } catch {
            preconditionFailure("cannot encode \(request): \(error)")  // callers build valid requests
        }
        statistics.transactions += 1
        let expectedBytes = frame.count + replyIDs.count * (statusOverhead + replyLength)
        let timeout = UInt64(expectedBytes) * 10_000_000_000 / UInt64(max(transport.baudRate, 1)) + latencyAllowanceNanoseconds
        var lastError: ServoBusError?
        for attempt in 0...retries {
            if attempt > 0 { statistics.retries += 1 }
            do {
                try transport.discardInput()
                decoder.reset()
                try transport.write(frame)
                if replyIDs.isEmpty { return [] }
                return try collect(replyIDs, replyLength: replyLength, deadline: Monotonic.nanoseconds() + timeout, request: request)
            } catch let error as ServoBusError {
                lastError = error
            } catch let error as SerialPortError {
                throw ServoBusError.port(error)
            }
        }
        throw lastError!
    }

    /// Gathers one status per id. A status whose parameter count does not fit the request is a
    /// late answer to an earlier, timed-out request (pseudo-terminals and USB adapters both delay
    /// bytes now and then): it is skipped and counted, never taken as this request's answer.
    /// Failed instructions (error number set) carry no parameters and are kept.
    private func collect(_ ids: [ServoID], replyLength: Int, deadline: UInt64, request: ServoRequest) throws -> [StatusPacket] {
        var replies: [StatusPacket?] = Array(repeating: nil, count: ids.count)
        var received = 0, corrupt = 0
        var corruptDetail = ""
        while received + corrupt < ids.count {
            let count = try buffer.withUnsafeMutableBytes { try transport.read(into: $0, deadlineNanoseconds: deadline) }
            if count == 0 { break }
            decoder.feed(buffer[0..<count])
            while let frame = decoder.nextFrame() {
                switch frame {
                case let .status(status):
                    let failed = protocolKind == .dynamixel && status.error & 0x7F != 0
                    if status.parameters.count != replyLength, !failed {
                        statistics.staleReplies += 1
                        continue
                    }
                    if let slot = ids.firstIndex(of: ServoID(status.id)), replies[slot] == nil {
                        replies[slot] = status
                        received += 1
                    }
                case let .corrupt(error):
                    corrupt += 1
                    corruptDetail = "\(error)"
                case .instruction:
                    break
                }
            }
        }
        if let missing = replies.firstIndex(where: { $0 == nil }) {
            if corrupt > 0 {
                statistics.corruptReplies += 1
                throw ServoBusError.corruptReply(port: portName, id: ids[missing], detail: corruptDetail)
            }
            statistics.timeouts += 1
            throw ServoBusError.timeout(port: portName, id: ids[missing], instruction: "\(request.instruction.code)")
        }
        return replies.map { $0! }
    }

    /// Throws `motorError` when a status reports a failed instruction (not a mere hardware alert).
    private func checkInstructionError(_ status: StatusPacket) throws {
        let failed = protocolKind == .dynamixel ? status.error & 0x7F != 0 : false
        if failed {
            throw ServoBusError.motorError(port: portName, id: ServoID(status.id),
                                           names: describeStatusError(status.error, protocolKind: protocolKind))
        }
    }

    public func ping(_ id: ServoID) throws -> UInt16? {
        let status: StatusPacket
        do {
            guard let reply = try transact(ServoRequest(id: id.rawValue, instruction: .ping), replyIDs: [id],
                                           replyLength: protocolKind == .dynamixel ? 3 : 0).first else { return nil }
            status = reply
        } catch ServoBusError.timeout {
            return nil
        }
        if protocolKind == .dynamixel, status.parameters.count >= 2 {
            return UInt16(status.parameters[0]) | UInt16(status.parameters[1]) << 8
        }
        // Feetech: Model_Number is the 2-byte register at address 3 (same address for SCS and STS).
        let model = try read(id, address: 3, length: 2).data
        return UInt16(model[0]) | UInt16(model[1]) << 8
    }

    public func read(_ id: ServoID, address: UInt16, length: UInt16) throws -> MotorReply {
        let status = try transact(ServoRequest(id: id.rawValue, instruction: .read(address: address, length: length)),
                                  replyIDs: [id], replyLength: Int(length))[0]
        try checkInstructionError(status)
        guard status.parameters.count == Int(length) else {
            throw ServoBusError.corruptReply(port: portName, id: id, detail: "expected \(length) bytes, got \(status.parameters.count)")
        }
        return MotorReply(id: id, error: status.error, data: status.parameters)
    }

    public func write(_ id: ServoID, address: UInt16, data: [UInt8]) throws {
        let replies = id == .broadcast ? [] : [id]
        let statuses = try transact(ServoRequest(id: id.rawValue, instruction: .write(address: address, data: data)),
                                    replyIDs: replies, replyLength: 0)
        for status in statuses { try checkInstructionError(status) }
    }

    public func syncRead(address: UInt16, length: UInt16, ids: [ServoID]) throws -> [MotorReply] {
        let statuses = try transact(.syncRead(address: address, length: length, ids: ids.map(\.rawValue)), replyIDs: ids, replyLength: Int(length))
        return try statuses.map { status in
            try checkInstructionError(status)
            guard status.parameters.count == Int(length) else {
                throw ServoBusError.corruptReply(port: portName, id: ServoID(status.id), detail: "expected \(length) bytes, got \(status.parameters.count)")
            }
            return MotorReply(id: ServoID(status.id), error: status.error, data: status.parameters)
        }
    }

    public func syncWrite(address: UInt16, items: [SyncWriteItem]) throws {
        _ = try transact(.syncWrite(address: address, items: items), replyIDs: [], replyLength: 0)
    }

    public func reboot(_ id: ServoID) throws {
        _ = try transact(ServoRequest(id: id.rawValue, instruction: .reboot), replyIDs: [id], replyLength: 0)
    }
}

extension PacketBus {
    /// Dynamixel broadcast PING: every motor answers; returns (id, model number) in id order.
    /// - Parameter windowSeconds: how long to collect answers.
    public func broadcastPing(windowSeconds: Double = 0.05) throws -> [(id: ServoID, modelNumber: UInt16)] {
        precondition(protocolKind == .dynamixel, "broadcast PING collects answers on Dynamixel buses only")
        var found: [ServoID: UInt16] = [:]
        do {
            try transport.discardInput()
            decoder.reset()
            try transport.write(try codec.encode(ServoRequest(id: ServoRequest.broadcastID, instruction: .ping)))
            let deadline = Monotonic.nanoseconds() + UInt64(windowSeconds * 1e9)
            var chunk = [UInt8](repeating: 0, count: 1024)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try transport.read(into: $0, deadlineNanoseconds: deadline) }
                if count == 0 { break }
                decoder.feed(chunk[0..<count])
                while let frame = decoder.nextFrame() {
                    if case let .status(status) = frame, status.parameters.count >= 2 {
                        found[ServoID(status.id)] = UInt16(status.parameters[0]) | UInt16(status.parameters[1]) << 8
                    }
                }
            }
        } catch let error as SerialPortError {
            throw ServoBusError.port(error)
        }
        return found.keys.sorted().map { ($0, found[$0]!) }
    }
}

extension PacketBus {
    /// Pings each id in turn and returns every id that answered, in id order.
    ///
    /// Any status that arrives counts as proof its sender exists, also a late answer to an
    /// earlier ping (a slow adapter or a busy pseudo-terminal delays bytes now and then), and the
    /// scan lingers `lingerSeconds` at the end for stragglers. Absent ids cost one short timeout each.
    public func scanPing(ids: [ServoID], lingerSeconds: Double = 0.05) throws -> [ServoID] {
        var found = Set<ServoID>()
        var chunk = [UInt8](repeating: 0, count: 512)
        func drain(until deadline: UInt64, waitingFor id: ServoID?) throws {
            while true {
                let count = try chunk.withUnsafeMutableBytes { try transport.read(into: $0, deadlineNanoseconds: deadline) }
                if count == 0 { return }
                decoder.feed(chunk[0..<count])
                while let frame = decoder.nextFrame() {
                    if case let .status(status) = frame { found.insert(ServoID(status.id)) }
                }
                if let id, found.contains(id) { return }
            }
        }
        do {
            try transport.discardInput()
            decoder.reset()
            let pingBytes = (statusOverhead + 4) * 10_000_000_000 / max(transport.baudRate, 1)
            for id in ids {
                try transport.write(try codec.encode(ServoRequest(id: id.rawValue, instruction: .ping)))
                try drain(until: Monotonic.nanoseconds() + UInt64(pingBytes) + latencyAllowanceNanoseconds, waitingFor: id)
            }
            try drain(until: Monotonic.nanoseconds() + UInt64(lingerSeconds * 1e9), waitingFor: nil)
        } catch let error as SerialPortError {
            throw ServoBusError.port(error)
        }
        return found.sorted()
    }
}
