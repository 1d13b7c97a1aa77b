"""Issue 3's physics facts as the vendor's SDK sees them: feetech-servo-sdk on a default
(MuJoCo) so101 twin, in real time, nothing but Feetech packets on the port.

The same three facts as Tests/SteadyCLITests/TwinPhysicsSerialTests.swift, measured the same
way: a 30° elbow_flex goal step settles within 1° (and stays there for 0.5 s) before a generous
deadline, torque-limited; with torque off the arm sags under gravity; holding the arm out reports
a load against gravity. The twin steps its physics on the wall clock, which a busy machine slows,
so the settle time is printed here and asserted (under 0.5 s) in simulated time by
Tests/SimTests/MuJoCoPlantTests.swift.
"""
import math
import time

import scservo_sdk as scs

from interop_support import SampledArm, SettleWatch, check, degrees, physics_arm, ticks, transact

IDS = [1, 2, 3, 4, 5, 6]   # shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper
PAN, LIFT, ELBOW = 0, 1, 2
# STS3215 registers (Feetech memory table).
LOCK, P_GAIN, D_GAIN, I_GAIN = 55, 21, 22, 23
TORQUE_ENABLE, GOAL_POSITION, TORQUE_LIMIT, PRESENT_POSITION = 40, 42, 48, 56
NO_LOAD_SPEED = (math.pi / 3) / 0.222   # rad/s, the STS3215's catalogue figure (0.222 s per 60°)


def sign_magnitude(value, sign_bit):
    """Feetech's signed registers: a direction bit above the magnitude."""
    return -(value & ((1 << sign_bit) - 1)) if value & (1 << sign_bit) else value


class Arm(SampledArm):
    """The so101 twin's six motors through scservo_sdk: sync writes out, one sync read of
    Present_Position, Present_Speed and Present_Load (56…61) in."""
    IDS, GOAL_SIZE = IDS, 2
    TORQUE_ENABLE, GOAL_POSITION = TORQUE_ENABLE, GOAL_POSITION

    def __init__(self, port):
        self.port = port
        self.packet = scs.PacketHandler(0)
        self.reader = scs.GroupSyncRead(port, self.packet, PRESENT_POSITION, 6)
        for i in IDS:
            self.reader.addParam(i)

    def write_all(self, address, size, values):
        writer = scs.GroupSyncWrite(self.port, self.packet, address, size)
        for i, value in zip(IDS, values):
            writer.addParam(i, [scs.SCS_LOBYTE(value), scs.SCS_HIBYTE(value)][:size])
        return writer.txPacket() == scs.COMM_SUCCESS

    def configure(self):
        """robot.yaml's gains (LeRobot's SO-101 settings: P 16, I 0, D 32), EEPROM unlocked first."""
        return (self.write_all(LOCK, 1, [0] * 6) and self.write_all(P_GAIN, 1, [16] * 6)
                and self.write_all(I_GAIN, 1, [0] * 6) and self.write_all(D_GAIN, 1, [32] * 6))

    def read(self):
        """[(position ticks, speed ticks/s, load ‰)] per motor, or None when the read failed."""
        if self.reader.txRxPacket() != scs.COMM_SUCCESS:
            return None
        return [(self.reader.getData(i, 56, 2), sign_magnitude(self.reader.getData(i, 58, 2), 15),
                 sign_magnitude(self.reader.getData(i, 60, 2), 10)) for i in IDS]


def step_settles_torque_limited(arm):
    limit, _, _ = transact(arm.packet.read2ByteTxRx, arm.port, IDS[ELBOW], TORQUE_LIMIT)
    goal = ticks(30)
    start = time.monotonic()
    arm.packet.write2ByteTxRx(arm.port, IDS[ELBOW], GOAL_POSITION, goal)
    watch = SettleWatch(ELBOW, degrees(goal), 1)
    trace = [(t, states[ELBOW]) for t, states in arm.record(10.0, start, until=watch)]
    settled = watch.settled_at
    check("30° elbow_flex goal step settles within 1° and stays for 0.5 s (deadline 10 s)",
          settled is not None, f"after {settled if settled is None else round(settled, 3)} s of wall time")
    # Torque-limited (the reasoning is in TwinPhysicsSerialTests.swift): on the way out the drive
    # the load implies, load + ω/ω₀, sits at the Torque_Limit; arriving, the load pins at −limit.
    approach = [(speed, load) for _, (position, speed, load) in trace
                if speed > 0 and degrees(goal) - degrees(position) > 5]
    drives = [load / 1000 + speed * 2 * math.pi / 4096 / NO_LOAD_SPEED for speed, load in approach]
    worst = max((abs(d - limit / 1000) for d in drives), default=math.inf)
    peak = max(abs(load) for _, (_, _, load) in trace)
    check("the step is torque-limited: full drive on the way out, load reaches Torque_Limit",
          len(drives) >= 5 and worst < 0.05 and peak >= 0.98 * limit,
          f"{len(drives)} samples at drive {limit / 1000:.2f} ± {worst:.3f}, peak |load| {peak}/{limit}")


def torque_off_sags(arm):
    held = arm.hold([0] * 6, 1.5)[-1][1]
    limp = arm.release(1.0)[-1][1]
    sag = [degrees(after[0]) - degrees(before[0]) for after, before in zip(limp, held)]
    check("torque off for 1 s: shoulder_lift and elbow_flex sag the way the servos held against, pan stays",
          held[LIFT][2] < 0 and held[ELBOW][2] < 0 and sag[LIFT] > 10 and sag[ELBOW] > 10 and abs(sag[PAN]) < 1
          and all(load == 0 for _, _, load in limp),
          f"sag {sag[LIFT]:.1f}°, {sag[ELBOW]:.1f}°, pan {sag[PAN]:.1f}°; holding loads {held[LIFT][2]}, {held[ELBOW][2]}")


def arm_out_loaded(arm):
    out = [0, 90, -90, 0, 0, 0]
    samples = arm.hold(out, 2.5)
    last = samples[-1][1]
    still = all(states[LIFT][1] == 0 for t, states in samples if t > 2.3)
    displacement = degrees(last[LIFT][0]) - out[LIFT]
    check("arm held out: shoulder_lift load against gravity, pan unloaded",
          still and -800 <= last[LIFT][2] <= -200 and 0 <= displacement < 2 and abs(last[PAN][2]) < 20,
          f"load {last[LIFT][2]}/1000, {displacement:.2f}° past the goal, pan load {last[PAN][2]}")


def feetech_physics(steady):
    print("feetech-servo-sdk ↔ so101 twin with its default MuJoCo physics, in real time")
    with physics_arm(steady, "so101", scs.PortHandler, Arm, "P 16, I 0, D 32", 1) as arm:
        step_settles_torque_limited(arm)
        torque_off_sags(arm)
        arm_out_loaded(arm)
