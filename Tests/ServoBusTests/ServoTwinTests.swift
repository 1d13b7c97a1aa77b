import Foundation
import Testing
import ServoBus
import ServoWire
import SteadyCore
import SteadyTesting

@Suite struct ServoTwinTests {
    @Test(arguments: ["so101", "koch", "leap_hand"])
    func everyMotorAnswersPingWithItsModelNumber(robotName: String) throws {
        let (_, bus, packets) = try inProcessTwin(robotName)
        for joint in bus.robot.joints {
            #expect(try packets.ping(joint.id) == joint.model.modelNumber)
        }
        try bus.verifyMotors()
        // Unknown ids stay silent.
        #expect(try packets.ping(200) == nil)
    }

    @Test func dynamixelBroadcastPingFindsAllSixteenLeapMotors() throws {
        let (_, _, packets) = try inProcessTwin("leap_hand")
        let found = try packets.broadcastPing(windowSeconds: 0.001)
        #expect(found.map(\.id) == Array(0...15))
        #expect(found.allSatisfy { $0.modelNumber == 1240 })
    }

    @Test(arguments: ["so101", "koch"])
    func presentPositionFollowsGoalWithTorqueOnAndStaysLimpWithTorqueOff(robotName: String) throws {
        let (twin, bus, _) = try inProcessTwin(robotName)
        let start = try bus.readPresent().map(\.positionTicks)
        #expect(start.allSatisfy { $0 == 2047 })
        // Torque off: goals are stored but nothing moves.
        try bus.write("Goal_Position", values: start.map { $0 + 300 })
        try twin.advance(seconds: 1)
        #expect(try bus.readPresent().map(\.positionTicks) == start)
        // Torque on: each joint reaches its goal.
        try bus.setTorque(true)
        try twin.advance(seconds: 1)
        let moved = try bus.readPresent()
        for (state, goal) in zip(moved, start.map { $0 + 300 }) {
            #expect(abs(state.positionTicks - goal) <= 2)
        }
        // Speed limited: 300 ticks (0.46 rad) cannot be covered in 20 ms.
        try bus.write("Goal_Position", values: start)
        try twin.advance(seconds: 0.02)
        #expect(try bus.readPresent().allSatisfy { $0.positionTicks > start[0] + 100 })
    }

    @Test func dynamixelRejectsEEPROMWritesWhileTorqueIsOnWithTheAccessError() throws {
        let (twin, bus, packets) = try inProcessTwin("koch")
        let limit = bus.tables[0]["Max_Position_Limit"]!
        try packets.write(1, address: limit.address, data: bus.tables[0].encode(3000, for: limit))
        #expect(try bus.read("Max_Position_Limit", joint: 0) == 3000)
        try bus.setTorque(true)
        #expect {
            try packets.write(1, address: limit.address, data: bus.tables[0].encode(3500, for: limit))
        } throws: { error in
            guard case let ServoBusError.motorError(_, id, names) = error else { return false }
            return id == 1 && names.contains { $0.lowercased().contains("access") }
        }
        #expect(try bus.read("Max_Position_Limit", joint: 0) == 3000)
        // Read-only registers refuse writes too.
        let present = bus.tables[0]["Present_Position"]!
        #expect(throws: ServoBusError.self) { try packets.write(1, address: present.address, data: [0, 0, 0, 0]) }
        _ = twin
    }

    @Test func dynamixelGoalOutsideThePositionLimitsIsADataLimitError() throws {
        let (_, bus, packets) = try inProcessTwin("koch")
        try bus.write("Max_Position_Limit", values: Array(repeating: 3000, count: 6))
        let goal = bus.tables[0]["Goal_Position"]!
        #expect(throws: ServoBusError.self) { try packets.write(1, address: goal.address, data: bus.tables[0].encode(3100, for: goal)) }
    }

    @Test(arguments: ["so101", "koch"])
    func homingOffsetShiftsPresentPositionTheVendorsWay(robotName: String) throws {
        let (_, bus, _) = try inProcessTwin(robotName)
        try bus.setTorque(false)   // on Feetech this also clears Lock, so EEPROM takes writes
        let before = try bus.readPresent()[0].positionTicks
        try bus.write("Homing_Offset", values: Array(repeating: 100, count: bus.robot.joints.count))
        let after = try bus.readPresent()[0].positionTicks
        // Dynamixel: present = actual + offset; Feetech: present = actual − offset.
        #expect(after - before == (robotName == "koch" ? 100 : -100))
    }

    @Test func registeredWriteWaitsForAction() throws {
        let (twin, bus, _) = try inProcessTwin("koch")
        let codec = DynamixelCodec()
        let torque = bus.tables[0]["Torque_Enable"]!
        _ = twin.respond(to: try codec.packet(for: ServoRequest(id: 1, instruction: .regWrite(address: torque.address, data: [1]))))
        #expect(try bus.read("Torque_Enable", joint: 0) == 0)
        _ = twin.respond(to: try codec.packet(for: ServoRequest(id: ServoRequest.broadcastID, instruction: .action)))
        #expect(try bus.read("Torque_Enable", joint: 0) == 1)
    }

    @Test func bulkAndFastSyncReadsAnswerEveryListedMotor() throws {
        let (twin, bus, _) = try inProcessTwin("koch")
        let codec = DynamixelCodec()
        let position = bus.tables[0]["Present_Position"]!
        let bulk = twin.respond(to: try codec.packet(for: .bulkRead([BulkReadItem(id: 2, address: position.address, length: 4),
                                                                     BulkReadItem(id: 5, address: 146, length: 1)])))
        #expect(bulk.count == 2)
        #expect(try codec.decodeStatus(bulk[0]).id == 2)
        #expect(try codec.decodeStatus(bulk[1]).parameters == [25])   // Present_Temperature at ambient
        let fast = twin.respond(to: try codec.packet(for: .fastSyncRead(address: position.address, length: 4, ids: [1, 3, 6])))
        #expect(fast.count == 1)
        let replies = try codec.fastSyncReadReplies(from: try codec.decodeStatus(fast[0]), dataLength: 4)
        #expect(replies.map(\.id) == [1, 3, 6])
        #expect(replies.allSatisfy { bus.tables[0].decode($0.data, for: position) == 2047 })
    }

    @Test func statusReturnLevelZeroSilencesWritesButNotPings() throws {
        let (_, bus, packets) = try inProcessTwin("koch")
        try bus.write("Status_Return_Level", values: Array(repeating: 0, count: 6))
        #expect(throws: ServoBusError.self) { try packets.write(1, address: 65, data: [1]) }   // LED
        #expect(try packets.ping(1) == 1060)
        // Feetech's Response_Status_Level 0 still answers reads.
        let (_, feetech, feetechPackets) = try inProcessTwin("so101")
        try feetechPackets.write(1, address: 41, data: [10])   // Acceleration: acknowledged at factory level 1
        try feetech.setTorque(false)
        try feetech.write("Status_Return_Level", values: Array(repeating: 0, count: 6))
        #expect(throws: ServoBusError.self) { try feetechPackets.write(1, address: 41, data: [10]) }
        #expect(try feetech.read("Acceleration", joint: 0) == 10)
    }

    @Test func overheatingDropsTorqueReportsTheFaultAndRebootClearsIt() throws {
        let robot = try shippedRobot("koch")
        let plant = FirstOrderPlant(models: robot.joints.map(\.model))
        let twin = ServoTwin(robot: robot, plant: plant)
        let packets = PacketBus(transport: TwinTransport(twin: twin), protocolKind: .dynamixel, retries: 0, latencyAllowanceSeconds: 0)
        let bus = RobotBus(robot: robot, bus: packets)
        try bus.write("Temperature_Limit", values: Array(repeating: 26, count: 6))
        plant.ambientCelsius = 60
        try twin.advance(seconds: 30)
        let states = try bus.readPresent()
        #expect(states[0].temperatureCelsius > 26)
        #expect(bus.faults(of: states[0], joint: 0).contains { $0.lowercased().contains("overheat") })
        #expect(try bus.read("Torque_Enable", joint: 0) == 0)
        // Torque cannot come back until reboot.
        #expect(throws: ServoBusError.self) { try packets.write(1, address: 64, data: [1]) }
        plant.ambientCelsius = 20
        try twin.advance(seconds: 300)
        try packets.reboot(1)
        try packets.write(1, address: 64, data: [1])
        #expect(try bus.read("Torque_Enable", joint: 0) == 1)
    }
}
