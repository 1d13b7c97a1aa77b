import SteadyCore
import Testing
import ServoWire

@Suite struct ControlTableTests {
    /// (register, address, size) as printed in each model's e-Manual or Feetech memory table.
    static let spotChecks: [(MotorModel, String, UInt16, Int)] = [
        (.xl430W250, "Model_Number", 0, 2), (.xl430W250, "ID", 7, 1), (.xl430W250, "Baud_Rate", 8, 1),
        (.xl430W250, "Operating_Mode", 11, 1), (.xl430W250, "Homing_Offset", 20, 4), (.xl430W250, "Temperature_Limit", 31, 1),
        (.xl430W250, "Max_Voltage_Limit", 32, 2), (.xl430W250, "Max_Position_Limit", 48, 4), (.xl430W250, "Min_Position_Limit", 52, 4),
        (.xl430W250, "Torque_Enable", 64, 1), (.xl430W250, "Hardware_Error_Status", 70, 1), (.xl430W250, "Position_P_Gain", 84, 2),
        (.xl430W250, "Goal_Velocity", 104, 4), (.xl430W250, "Profile_Acceleration", 108, 4), (.xl430W250, "Profile_Velocity", 112, 4),
        (.xl430W250, "Goal_Position", 116, 4), (.xl430W250, "Moving", 122, 1), (.xl430W250, "Present_Load", 126, 2),
        (.xl430W250, "Present_Velocity", 128, 4), (.xl430W250, "Present_Position", 132, 4), (.xl430W250, "Present_Voltage", 144, 2),
        (.xl430W250, "Present_Temperature", 146, 1), (.xl430W250, "Indirect_Address_29", 578, 2), (.xl430W250, "Indirect_Data_56", 661, 1),
        (.xl330M288, "Current_Limit", 38, 2), (.xl330M288, "Goal_Current", 102, 2), (.xl330M288, "Present_Current", 126, 2),
        (.xl330M288, "Goal_Position", 116, 4), (.xl330M288, "Present_Position", 132, 4), (.xl330M288, "Indirect_Data_20", 227, 1),
        (.xl330M077, "Present_Current", 126, 2), (.xc330M288, "Current_Limit", 38, 2), (.xc330M288, "PWM_Slope", 62, 1),
        (.sts3215, "Model_Number", 3, 2), (.sts3215, "ID", 5, 1), (.sts3215, "Baud_Rate", 6, 1),
        (.sts3215, "Min_Position_Limit", 9, 2), (.sts3215, "Max_Position_Limit", 11, 2), (.sts3215, "Max_Torque_Limit", 16, 2),
        (.sts3215, "P_Coefficient", 21, 1), (.sts3215, "D_Coefficient", 22, 1), (.sts3215, "I_Coefficient", 23, 1),
        (.sts3215, "Homing_Offset", 31, 2), (.sts3215, "Operating_Mode", 33, 1), (.sts3215, "Torque_Enable", 40, 1),
        (.sts3215, "Acceleration", 41, 1), (.sts3215, "Goal_Position", 42, 2), (.sts3215, "Goal_Velocity", 46, 2),
        (.sts3215, "Torque_Limit", 48, 2), (.sts3215, "Lock", 55, 1), (.sts3215, "Present_Position", 56, 2),
        (.sts3215, "Present_Velocity", 58, 2), (.sts3215, "Present_Load", 60, 2), (.sts3215, "Present_Voltage", 62, 1),
        (.sts3215, "Present_Temperature", 63, 1), (.sts3215, "Status", 65, 1), (.sts3215, "Moving", 66, 1),
        (.sts3215, "Present_Current", 69, 2),
    ]

    @Test func keyRegistersSitWhereTheManualsSay() throws {
        for (model, name, address, size) in Self.spotChecks {
            let register = try #require(ControlTable.for(model)[name], "\(model) has no \(name)")
            #expect(register.address == address && register.size == size, "\(model) \(name): \(register)")
        }
    }

    @Test func modelDifferences() {
        #expect(ControlTable.xl430W250["Present_Current"] == nil)
        #expect(ControlTable.xl430W250["Current_Limit"] == nil)
        #expect(ControlTable.xl330M288["Present_Load"] == nil)
        #expect(ControlTable.xl430W250.memorySize == 662)
        #expect(ControlTable.xl330M288.memorySize == 228)
        #expect(ControlTable.xl430W250["Temperature_Limit"]?.initialValue == 72)
        #expect(ControlTable.xl330M288["Current_Limit"]?.initialValue == 1750)
        #expect(ControlTable.xc330M288["Current_Limit"]?.initialValue == 2352)
        #expect(ControlTable.xl330M077["Velocity_Limit"]?.initialValue == 1620)
        #expect(ControlTable.xl430W250["Operating_Mode"]?.initialValue == 3)
        #expect(ControlTable.xl430W250["Return_Delay_Time"]?.initialValue == 250)
        #expect(ControlTable.sts3215["Max_Position_Limit"]?.initialValue == 4095)
        #expect(ControlTable.sts3215["Torque_Enable"]?.initialValue == 0)
    }

    @Test func signedRegistersUseEachVendorsEncoding() {
        for name in ["Homing_Offset", "Goal_Velocity", "Goal_Position", "Present_Velocity", "Present_Position", "Present_Load"] {
            #expect(ControlTable.xl430W250[name]?.encoding == .twosComplement, "\(name)")
        }
        #expect(ControlTable.xl330M288["Present_Current"]?.encoding == .twosComplement)
        #expect(ControlTable.xl330M288["Goal_Current"]?.encoding == .twosComplement)
        let sts = ControlTable.sts3215
        #expect(sts["Goal_Position"]?.encoding == .signMagnitude(signBit: 15))
        #expect(sts["Present_Position"]?.encoding == .signMagnitude(signBit: 15))
        #expect(sts["Goal_Velocity"]?.encoding == .signMagnitude(signBit: 15))
        #expect(sts["Present_Velocity"]?.encoding == .signMagnitude(signBit: 15))
        #expect(sts["Homing_Offset"]?.encoding == .signMagnitude(signBit: 11))
        #expect(sts["Present_Load"]?.encoding == .signMagnitude(signBit: 10))
        #expect(sts.endianness == .little)
    }

    @Test(arguments: MotorModel.catalog)
    func sharedVocabularyIsPresent(_ model: MotorModel) {
        let table = ControlTable.for(model)
        let shared = ["Model_Number", "ID", "Baud_Rate", "Return_Delay_Time", "Min_Position_Limit", "Max_Position_Limit",
                      "Homing_Offset", "Operating_Mode", "Torque_Enable", "Goal_Position", "Goal_Velocity",
                      "Present_Position", "Present_Velocity", "Present_Temperature", "Present_Voltage", "Moving",
                      "Position_P_Gain", "Position_I_Gain", "Position_D_Gain", "Temperature_Limit",
                      "Max_Voltage_Limit", "Min_Voltage_Limit"]
        for name in shared { #expect(table[name] != nil, "\(model) lacks \(name)") }
        #expect(table["Model_Number"]?.initialValue == Int(model.modelNumber))
        #expect(table.model == model)
        switch model.protocolKind {
        case .dynamixel:
            for name in ["Profile_Velocity", "Profile_Acceleration", "Hardware_Error_Status", "Present_Input_Voltage"] {
                #expect(table[name] != nil, "\(model) lacks \(name)")
            }
            #expect(table["Present_Input_Voltage"] == table["Present_Voltage"])
        case .feetech:
            for name in ["Lock", "Acceleration", "Status", "Present_Load", "Present_Current", "Max_Torque_Limit", "Torque_Limit",
                         "P_Coefficient", "I_Coefficient", "D_Coefficient"] {
                #expect(table[name] != nil, "\(model) lacks \(name)")
            }
            #expect(table["Position_P_Gain"] == table["P_Coefficient"])
            #expect(table["Goal_Speed"] == table["Goal_Velocity"])
        }
    }

    @Test(arguments: MotorModel.catalog)
    func registersDoNotOverlapAndFitTheMemory(_ model: MotorModel) {
        let table = ControlTable.for(model)
        var owner = [String?](repeating: nil, count: table.memorySize)
        for register in table.registers {
            #expect(register.addresses.upperBound <= table.memorySize, "\(register) beyond \(table.memorySize)")
            for address in register.addresses where address < owner.count {
                #expect(owner[address] == nil, "\(model): \(register.name) overlaps \(owner[address] ?? "")")
                owner[address] = register.name
            }
            #expect(table.register(containing: Int(register.address)) == register)
        }
        #expect(Set(table.registers.map(\.name)).count == table.registers.count)
        #expect(table.registers.map(\.address) == table.registers.map(\.address).sorted())
    }

    @Test(arguments: MotorModel.catalog)
    func eepromLiesBelowRAM(_ model: MotorModel) {
        let table = ControlTable.for(model)
        switch model.protocolKind {
        case .dynamixel:
            // X-series e-Manuals: EEPROM area 0–63, RAM area from 64.
            for register in table.registers {
                #expect((register.area == .eeprom) == (register.address < 64), "\(register)")
            }
        case .feetech:
            // Feetech memory table: version and EPROM configuration below 40, SRAM 40–79.
            for register in table.registers where register.address < 80 {
                #expect((register.area == .eeprom) == (register.address < 40), "\(register)")
            }
        }
        for name in ["Model_Number", "Present_Position", "Present_Temperature", "Moving"] {
            #expect(table[name]?.access == .readOnly, "\(model) \(name)")
        }
        for name in ["ID", "Torque_Enable", "Goal_Position"] {
            #expect(table[name]?.access == .readWrite, "\(model) \(name)")
        }
    }

    @Test(arguments: MotorModel.catalog)
    func factoryImageHoldsEveryInitialValue(_ model: MotorModel) {
        let table = ControlTable.for(model)
        let image = table.factoryImage()
        #expect(image.count == table.memorySize)
        for register in table.registers {
            #expect(register.representableRange.contains(register.initialValue), "\(register)")
            #expect(table.decode(image[register.addresses], for: register) == register.initialValue, "\(register)")
        }
    }

    @Test func factoryImageBytesMatchTheManuals() {
        // XL430: Model Number 1060 = 0x0424 little-endian at 0; Max Position Limit 4095 at 48.
        let xl430 = ControlTable.xl430W250.factoryImage()
        #expect(Array(xl430[0...1]) == [0x24, 0x04])
        #expect(Array(xl430[48...51]) == [0xFF, 0x0F, 0x00, 0x00])
        #expect(xl430[7] == 1 && xl430[11] == 3)
        // Indirect Address 1 points at Indirect Data 1 (224 = 0xE0), 29 at 634 (0x027A).
        #expect(Array(xl430[168...169]) == [0xE0, 0x00])
        #expect(Array(xl430[578...579]) == [0x7A, 0x02])
        // STS3215: Model 777 = 0x0309 at 3; ID 1 at 5; Max Angle Limit 4095 at 11.
        let sts = ControlTable.sts3215.factoryImage()
        #expect(Array(sts[3...4]) == [0x09, 0x03])
        #expect(sts[5] == 1)
        #expect(Array(sts[11...12]) == [0xFF, 0x0F])
    }

    @Test func lookupKnowsOnlyTheCatalogue() {
        for model in MotorModel.catalog { #expect(ControlTable.lookup(model)?.model == model) }
        var unknown = MotorModel.xl430W250
        unknown.name = "xm430-w350"
        #expect(ControlTable.lookup(unknown) == nil)
    }
}
