import SteadyCore
import Testing
import ServoWire

@Suite struct ValueEncodingTests {
    let sts = ControlTable.sts3215
    let xl430 = ControlTable.xl430W250

    func register(_ table: ControlTable, _ name: String) throws -> Register {
        try #require(table[name])
    }

    @Test func signMagnitudeAtBit15() throws {
        let goal = try register(sts, "Goal_Position")
        let cases: [(Int, [UInt8])] = [
            (0, [0x00, 0x00]), (1, [0x01, 0x00]), (-1, [0x01, 0x80]), (2048, [0x00, 0x08]), (-100, [0x64, 0x80]),
            (32767, [0xFF, 0x7F]), (-32767, [0xFF, 0xFF]),
        ]
        for (value, encoded) in cases {
            #expect(sts.encode(value, for: goal) == encoded, "\(value)")
            #expect(sts.decode(encoded, for: goal) == value, "\(value)")
        }
        #expect(goal.representableRange == -32767...32767)
        #expect(sts.decode([0x00, 0x80], for: goal) == 0, "negative zero reads as zero")
    }

    @Test func signMagnitudeAtBit11ForTheHomingOffset() throws {
        let offset = try register(sts, "Homing_Offset")
        let cases: [(Int, [UInt8])] = [
            (0, [0x00, 0x00]), (2047, [0xFF, 0x07]), (-2047, [0xFF, 0x0F]), (-1, [0x01, 0x08]), (1, [0x01, 0x00]), (-1024, [0x00, 0x0C]),
        ]
        for (value, encoded) in cases {
            #expect(sts.encode(value, for: offset) == encoded, "\(value)")
            #expect(sts.decode(encoded, for: offset) == value, "\(value)")
        }
        #expect(offset.representableRange == -2047...2047)
        #expect(sts.decode([0x00, 0x08], for: offset) == 0)
    }

    @Test func signMagnitudeAtBit10ForTheLoad() throws {
        let load = try register(sts, "Present_Load")
        let cases: [(Int, [UInt8])] = [
            (0, [0x00, 0x00]), (1000, [0xE8, 0x03]), (-1000, [0xE8, 0x07]), (1023, [0xFF, 0x03]), (-1023, [0xFF, 0x07]), (-1, [0x01, 0x04]),
        ]
        for (value, encoded) in cases {
            #expect(sts.encode(value, for: load) == encoded, "\(value)")
            #expect(sts.decode(encoded, for: load) == value, "\(value)")
        }
        #expect(load.representableRange == -1023...1023)
    }

    @Test func bigEndianTablesStoreTheHighByteFirst() throws {
        let goal = try register(sts, "Goal_Position")
        let scs = ControlTable(model: .sts3215, registers: [goal], endianness: .big)
        #expect(scs.encode(-100, for: goal) == [0x80, 0x64])
        #expect(scs.decode([0x80, 0x64], for: goal) == -100)
        #expect(scs.encode(2048, for: goal) == [0x08, 0x00])
    }

    @Test func twosComplementForDynamixel() throws {
        let velocity = try register(xl430, "Present_Velocity")
        let cases: [(Int, [UInt8])] = [
            (0, [0, 0, 0, 0]), (-1, [0xFF, 0xFF, 0xFF, 0xFF]), (200, [0xC8, 0, 0, 0]), (-200, [0x38, 0xFF, 0xFF, 0xFF]),
            (Int(Int32.max), [0xFF, 0xFF, 0xFF, 0x7F]), (Int(Int32.min), [0x00, 0x00, 0x00, 0x80]),
        ]
        for (value, encoded) in cases {
            #expect(xl430.encode(value, for: velocity) == encoded, "\(value)")
            #expect(xl430.decode(encoded, for: velocity) == value, "\(value)")
        }
        let load = try register(xl430, "Present_Load")
        #expect(xl430.decode([0x18, 0xFC], for: load) == -1000)
        #expect(load.representableRange == -32768...32767)
    }

    @Test func unsignedRegistersUseTheirWholeWidth() throws {
        let model = try register(xl430, "Model_Number")
        #expect(xl430.encode(1060, for: model) == [0x24, 0x04])
        #expect(xl430.decode([0xFF, 0xFF], for: model) == 65535)
        let position = try register(xl430, "Present_Position")
        #expect(xl430.decode([0xA6, 0x00, 0x00, 0x00], for: position) == 166)   // e-Manual Read example
        let id = try register(xl430, "ID")
        #expect(id.representableRange == 0...255)
    }

    @Test(arguments: MotorModel.catalog)
    func everyRegisterRoundTripsRandomValues(_ model: MotorModel) {
        let table = ControlTable.for(model)
        var random = SeededGenerator(seed: UInt64(model.modelNumber))
        for register in table.registers {
            let range = register.representableRange
            for value in [range.lowerBound, range.upperBound, 0] + (0..<20).map({ _ in Int.random(in: range, using: &random) }) {
                let encoded = table.encode(value, for: register)
                #expect(encoded.count == register.size)
                #expect(table.decode(encoded, for: register) == value, "\(register) \(value)")
            }
        }
    }
}
