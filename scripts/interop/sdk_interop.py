#!/usr/bin/env python3
"""The vendors' own Python SDKs talk to Steady twins exactly as to real motors.

Starts `steady twin` for so101 (Feetech STS3215), koch (Dynamixel XL430/XL330) and leap_hand
(Dynamixel XC330 at 4 Mbaud), then uses `feetech-servo-sdk` (scservo_sdk) and `dynamixel-sdk`
to ping, read, write, sync-read, sync-write, bulk-read and fast-sync-read them, and checks the
model numbers, positions and motion they see; then checks the physics twins through the SDKs:
so101 through feetech-servo-sdk (physics_interop.py), koch through dynamixel-sdk
(dynamixel_physics_interop.py). Prints one line per check and a closing
"interop: N passed, M failed"; exits non-zero on any failure.

Usage: sdk_interop.py PATH/TO/steady
"""
import sys
import time

import dynamixel_sdk as dxl
import scservo_sdk as scs

from interop_support import Twin, check, results, transact
from dynamixel_physics_interop import dynamixel_physics
from physics_interop import feetech_physics

# The protocol checks below run on the first-order plant (`--physics none`): they are about
# which motor got which bytes, and they check that by positions reaching distinct goals to
# within 3 ticks, on a fresh twin that stands at 2048. On a physics twin those positions depend
# on gravity, contacts and servo strength (measured: the so101's goals fold its arm into the
# table, koch's XL330s hold 30–120 ticks under their goals, a LEAP finger falls to +87° with
# torque off). The physics twins' behaviour through the SDKs is checked in physics_interop.py
# and dynamixel_physics_interop.py.
PROTOCOL_ONLY = "none"


def settle(read_positions, goals, tolerance=3, seconds=2.0):
    """Polls until every position is within tolerance ticks of its goal; returns the last positions."""
    deadline = time.time() + seconds
    while True:
        positions = read_positions()
        if all(abs(p - g) <= tolerance for p, g in zip(positions, goals)) or time.time() > deadline:
            return positions
        time.sleep(0.02)


def feetech(steady):
    print("feetech-servo-sdk ↔ so101 twin (6× STS3215 @ 1 Mbaud)")
    with Twin(steady, "so101", physics=PROTOCOL_ONLY) as twin:
        port = scs.PortHandler(twin.link)
        check("openPort + setBaudRate(1000000)", port.openPort() and port.setBaudRate(1_000_000))
        packet = scs.PacketHandler(0)  # STS: little-endian
        ids = [1, 2, 3, 4, 5, 6]
        models = [transact(packet.ping, port, i) for i in ids]
        check("ping ids 1–6 → model 777 (STS3215)", all(m == 777 and r == scs.COMM_SUCCESS for m, r, _ in models),
              str([m for m, _, _ in models]))
        _, result, _ = packet.ping(port, 7)
        check("ping unknown id 7 → no reply", result != scs.COMM_SUCCESS, packet.getTxRxResult(result))
        position, result, error = transact(packet.read2ByteTxRx, port, 1, 56)
        check("read Present_Position of id 1 ≈ 2048", result == scs.COMM_SUCCESS and error == 0 and abs(position - 2048) <= 2,
              str(position))
        for i in ids:
            transact(packet.write1ByteTxRx, port, i, 40, 1)
        torque, result, _ = transact(packet.read1ByteTxRx, port, 3, 40)
        check("write Torque_Enable 1, read it back", result == scs.COMM_SUCCESS and torque == 1)

        goals = [2048 + 150 * (k + 1) for k in range(len(ids))]
        writer = scs.GroupSyncWrite(port, packet, 42, 2)
        for i, goal in zip(ids, goals):
            writer.addParam(i, [scs.SCS_LOBYTE(goal), scs.SCS_HIBYTE(goal)])
        check("sync write Goal_Position", writer.txPacket() == scs.COMM_SUCCESS)

        reader = scs.GroupSyncRead(port, packet, 56, 2)
        for i in ids:
            reader.addParam(i)

        def read_all():
            result = reader.txRxPacket()
            if result != scs.COMM_SUCCESS:
                return [0] * len(ids)
            return [reader.getData(i, 56, 2) for i in ids]

        first = read_all()
        check("sync read Present_Position of 6 motors", all(p > 0 for p in first), str(first))
        final = settle(read_all, goals)
        check("positions follow the sync-written goals", all(abs(p - g) <= 3 for p, g in zip(final, goals)),
              f"goals {goals}, positions {final}")
        speed, _, _ = transact(packet.read2ByteTxRx, port, 6, 58)
        check("Present_Speed reads back after motion (sign-magnitude)", speed < 0x8000 and speed < 100, str(speed))
        lock, _, _ = transact(packet.read1ByteTxRx, port, 2, 55)
        baud, _, _ = transact(packet.read1ByteTxRx, port, 2, 6)
        check("Lock reads 1 at power-up, Baud_Rate 0 (1 Mbaud)", lock == 1 and baud == 0, f"Lock {lock}, Baud_Rate {baud}")
        result, _ = transact(packet.write2ByteTxRx, port, 2, 11, 3000)  # Max_Position_Limit (EEPROM) with Lock = 1
        limit, _, _ = transact(packet.read2ByteTxRx, port, 2, 11)
        check("EEPROM write with Lock = 1 takes effect", result == scs.COMM_SUCCESS and limit == 3000, str(limit))
        port.closePort()


def dynamixel(steady, robot, expected_models, baud, baud_code):
    print(f"dynamixel-sdk ↔ {robot} twin ({len(expected_models)} motors @ {baud} baud)")
    with Twin(steady, robot, physics=PROTOCOL_ONLY) as twin:
        port = dxl.PortHandler(twin.link)
        check(f"openPort + setBaudRate({baud})", port.openPort() and port.setBaudRate(baud))
        packet = dxl.PacketHandler(2.0)
        ids = sorted(expected_models)
        pings = {i: transact(packet.ping, port, i) for i in ids}
        check("ping every id → its model number",
              all(pings[i][0] == expected_models[i] and pings[i][1] == dxl.COMM_SUCCESS for i in ids),
              str({i: pings[i][0] for i in ids}))
        found, result = packet.broadcastPing(port)
        check("broadcast ping finds every motor", result == dxl.COMM_SUCCESS and
              {i: m for i, (m, _) in found.items()} == expected_models, str(sorted(found)))
        position, result, error = transact(packet.read4ByteTxRx, port, ids[0], 132)
        check("read Present_Position ≈ 2048", result == dxl.COMM_SUCCESS and error == 0 and abs(position - 2048) <= 2, str(position))
        codes = [transact(packet.read1ByteTxRx, port, i, 8)[0] for i in ids]
        check(f"Baud_Rate reads {baud_code} ({baud} baud) on every motor", codes == [baud_code] * len(ids), str(codes))

        for i in ids:
            transact(packet.write1ByteTxRx, port, i, 64, 1)
        result, error = transact(packet.write4ByteTxRx, port, ids[0], 48, 3000)  # Max_Position_Limit (EEPROM)
        check("EEPROM write with torque on → access error", result == dxl.COMM_SUCCESS and error & 0x7F == 7,
              packet.getRxPacketError(error))

        goals = {i: 2048 + 100 * ((k % 4) + 1) for k, i in enumerate(ids)}
        writer = dxl.GroupSyncWrite(port, packet, 116, 4)
        for i in ids:
            writer.addParam(i, list(goals[i].to_bytes(4, "little")))
        check("sync write Goal_Position", writer.txPacket() == dxl.COMM_SUCCESS)

        reader = dxl.GroupSyncRead(port, packet, 132, 4)
        for i in ids:
            reader.addParam(i)

        def read_all():
            if reader.txRxPacket() != dxl.COMM_SUCCESS:
                return [0] * len(ids)
            return [reader.getData(i, 132, 4) for i in ids]

        final = settle(read_all, [goals[i] for i in ids])
        check("sync read: positions follow the goals", all(abs(p - goals[i]) <= 3 for p, i in zip(final, ids)), str(final))
        fast = transact(reader.fastSyncRead)
        check("fast sync read", fast == dxl.COMM_SUCCESS and
              all(abs(reader.getData(i, 132, 4) - goals[i]) <= 3 for i in ids), packet.getTxRxResult(fast))

        bulk = dxl.GroupBulkRead(port, packet)
        bulk.addParam(ids[0], 132, 4)
        bulk.addParam(ids[-1], 146, 1)
        result = transact(bulk.txRxPacket)
        check("bulk read Present_Position + Present_Temperature", result == dxl.COMM_SUCCESS and
              abs(bulk.getData(ids[0], 132, 4) - goals[ids[0]]) <= 3 and 15 <= bulk.getData(ids[-1], 146, 1) <= 80,
              packet.getTxRxResult(result))
        port.closePort()


def main():
    steady = sys.argv[1]
    feetech(steady)
    feetech_physics(steady)
    dynamixel(steady, "koch", {1: 1060, 2: 1060, 3: 1200, 4: 1200, 5: 1200, 6: 1200}, 1_000_000, 3)
    dynamixel(steady, "leap_hand", {i: 1240 for i in range(16)}, 4_000_000, 6)
    dynamixel_physics(steady)
    passed, failed = results.count(True), results.count(False)
    print(f"interop: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
