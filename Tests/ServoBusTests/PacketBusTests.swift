import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting

@Suite struct PacketBusTests {
    let codec = FeetechCodec()

    /// The status frame motor `id` sends for a read returning `data`.
    func status(_ id: UInt8, _ data: [UInt8], error: UInt8 = 0) -> [UInt8] {
        codec.encode(StatusPacket(id: id, error: error, parameters: data))
    }

    @Test func retriesAfterTimeoutAndCorruptReplyThenSucceeds() throws {
        let transport = ScriptedTransport(script: [.timeout, .corrupt(status(1, [1, 2])), .bytes(status(1, [1, 2]))])
        let bus = PacketBus(transport: transport, protocolKind: .feetech, retries: 2, latencyAllowanceSeconds: 0)
        #expect(try bus.read(1, address: 56, length: 2).data == [1, 2])
        #expect(transport.written.count == 3)
        #expect(Set(transport.written) == [try codec.encode(ServoRequest(id: 1, instruction: .read(address: 56, length: 2)))])
        #expect(bus.statistics.retries == 2 && bus.statistics.timeouts == 1 && bus.statistics.corruptReplies == 1)
    }

    @Test func exhaustedRetriesNameTheMotorAndTheFault() {
        let silent = PacketBus(transport: ScriptedTransport(script: [.timeout, .timeout]), protocolKind: .feetech, retries: 1,
                               latencyAllowanceSeconds: 0)
        #expect(throws: ServoBusError.timeout(port: "/dev/scripted", id: 3, instruction: "read")) {
            try silent.read(3, address: 56, length: 2)
        }
        let garbled = PacketBus(transport: ScriptedTransport(script: [.corrupt(status(4, [9, 9]))]), protocolKind: .feetech,
                                retries: 0, latencyAllowanceSeconds: 0)
        #expect {
            try garbled.read(4, address: 56, length: 2)
        } throws: { error in
            guard case let ServoBusError.corruptReply(port, id, _) = error else { return false }
            return port == "/dev/scripted" && id == 4 && "\(error)".contains("corrupt reply from motor 4")
        }
    }

    @Test func aLateAnswerToAnEarlierRequestIsNeverTakenAsTheReply() throws {
        // A ping's empty status arrives first (late), then the read's real answer.
        let transport = ScriptedTransport(script: [.bytes(status(1, []) + status(1, [7, 8]))])
        let bus = PacketBus(transport: transport, protocolKind: .feetech, retries: 0, latencyAllowanceSeconds: 0)
        #expect(try bus.read(1, address: 56, length: 2).data == [7, 8])
        #expect(bus.statistics.staleReplies == 1)
    }

    @Test func syncReadGathersOneReplyPerMotorInIDOrderAndKeepsErrorBits() throws {
        let replies = status(2, [5, 6], error: 0x04) + status(1, [3, 4])
        let transport = ScriptedTransport(script: [.bytes(replies)])
        let bus = PacketBus(transport: transport, protocolKind: .feetech, retries: 0, latencyAllowanceSeconds: 0)
        let read = try bus.syncRead(address: 56, length: 2, ids: [1, 2])
        #expect(read == [MotorReply(id: 1, error: 0, data: [3, 4]), MotorReply(id: 2, error: 0x04, data: [5, 6])])
        #expect(describeStatusError(read[1].error, protocolKind: .feetech).contains { $0.lowercased().contains("overheat") })
    }

    @Test func dynamixelInstructionErrorsAreThrownWithDecodedNames() {
        let dynamixel = DynamixelCodec()
        let reply = dynamixel.encode(StatusPacket(id: 1, error: 0x07, parameters: []))
        let bus = PacketBus(transport: ScriptedTransport(script: [.bytes(reply)]), protocolKind: .dynamixel, retries: 0,
                            latencyAllowanceSeconds: 0)
        #expect {
            try bus.write(1, address: 116, data: [0, 0, 0, 0])
        } throws: { error in
            guard case let ServoBusError.motorError(_, id, names) = error else { return false }
            return id == 1 && names.contains { $0.lowercased().contains("access") }
        }
    }

    @Test func syncWriteExpectsNoReplyAndAVanishedPortIsReported() throws {
        let transport = ScriptedTransport(script: [.timeout, .vanish])
        let bus = PacketBus(transport: transport, protocolKind: .feetech, retries: 0, latencyAllowanceSeconds: 0)
        try bus.syncWrite(address: 42, items: [SyncWriteItem(id: 1, data: [0, 8]), SyncWriteItem(id: 2, data: [0, 8])])
        #expect(bus.statistics.timeouts == 0)
        #expect(throws: ServoBusError.port(.vanished(port: "/dev/scripted"))) {
            try bus.syncWrite(address: 42, items: [SyncWriteItem(id: 1, data: [0, 8])])
            try bus.read(1, address: 56, length: 2)
        }
    }

    @Test func scanCountsALateAnswerThatArrivesDuringTheNextPing() throws {
        // id 0: silent; id 1: its answer is late and arrives with id 2's; id 3: silent.
        let transport = ScriptedTransport(script: [.timeout, .timeout, .bytes(status(1, []) + status(2, [])), .timeout])
        let bus = PacketBus(transport: transport, protocolKind: .feetech, retries: 0, latencyAllowanceSeconds: 0)
        #expect(try bus.scanPing(ids: [0, 1, 2, 3], lingerSeconds: 0) == [1, 2])
        #expect(transport.written.count == 4)
    }
}
