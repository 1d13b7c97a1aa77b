import Testing
import ServoWire

@Suite struct StatusErrorTests {
    @Test func dynamixelErrorNumbersHaveTheEManualsNames() {
        let names = ["result fail", "instruction error", "CRC error", "data range error",
                     "data length error", "data limit error", "access error"]
        for (offset, name) in names.enumerated() {
            let byte = UInt8(offset + 1)
            #expect(DynamixelStatusError(rawValue: byte).names == [name])
            #expect(DynamixelStatusError(rawValue: byte).alert == false)
            #expect(describeStatusError(byte, protocolKind: .dynamixel) == [name])
        }
    }

    @Test func dynamixelAlertBitIsBit7() {
        let alertOnly = DynamixelStatusError(rawValue: 0x80)
        #expect(alertOnly.alert)
        #expect(alertOnly.number == nil)
        #expect(alertOnly.names == ["hardware alert"])
        let both = DynamixelStatusError(rawValue: 0x87)
        #expect(both.alert && both.number == .accessError)
        #expect(both.names == ["access error", "hardware alert"])
        #expect(DynamixelStatusError(alert: true, number: .crcError).rawValue == 0x83)
        #expect(DynamixelStatusError(rawValue: 0x08).names == ["unknown error number 8"])
        #expect(describeStatusError(0, protocolKind: .dynamixel).isEmpty)
        #expect(DynamixelStatusError(rawValue: 0).isEmpty)
    }

    @Test func hardwareErrorStatusBits() {
        let cases: [(UInt8, DynamixelHardwareError, String)] = [
            (0x01, .inputVoltage, "input voltage error"), (0x04, .overheating, "overheating error"),
            (0x08, .motorEncoder, "motor encoder error"), (0x10, .electricalShock, "electrical shock error"),
            (0x20, .overload, "overload error"),
        ]
        for (bit, flag, name) in cases {
            #expect(flag.rawValue == bit)
            #expect(DynamixelHardwareError(rawValue: bit).names == [name])
        }
        #expect(DynamixelHardwareError(rawValue: 0x25).names == ["input voltage error", "overheating error", "overload error"])
        #expect(DynamixelHardwareError(rawValue: 0x02).names == ["unknown error bit 1"])
        #expect(DynamixelHardwareError(rawValue: 0).names.isEmpty)
    }

    @Test func feetechStatusBits() {
        let cases: [(UInt8, FeetechStatusError, String)] = [
            (0x01, .voltage, "voltage error"), (0x02, .angleSensor, "angle sensor error"),
            (0x04, .overheat, "overheat error"), (0x08, .overcurrent, "overcurrent error"),
            (0x20, .overload, "overload error"),
        ]
        for (bit, flag, name) in cases {
            #expect(flag.rawValue == bit)
            #expect(describeStatusError(bit, protocolKind: .feetech) == [name])
        }
        #expect(FeetechStatusError(rawValue: 0x10).names == ["unknown error bit 4"])
        #expect(describeStatusError(0x24, protocolKind: .feetech) == ["overheat error", "overload error"])
        #expect(describeStatusError(0, protocolKind: .feetech).isEmpty)
        // The same byte means different things to the two protocols.
        #expect(describeStatusError(0x01, protocolKind: .dynamixel) == ["result fail"])
    }
}
